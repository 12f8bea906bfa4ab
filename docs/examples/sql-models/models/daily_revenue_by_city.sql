-- gold.daily_revenue_by_city: paid revenue per day and store city
SELECT
  CAST(o.ordered_at AS DATE) AS order_date,
  COALESCE(s.city, 'unknown') AS city,
  COUNT(*) AS orders,
  SUM(o.amount) AS revenue
FROM gold.fact_order o
LEFT JOIN gold.dim_store s ON o.store_sk = s.store_sk
WHERE o.status = 'PAID'
GROUP BY CAST(o.ordered_at AS DATE), COALESCE(s.city, 'unknown')
