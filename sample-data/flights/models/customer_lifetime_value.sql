-- Per customer: confirmed bookings, their fares in total and the last booking. A booking points at
-- the customer's version valid when it was booked (SCD2), so versions are grouped by customer_id.
SELECT
  c.customer_id,
  COUNT(*) AS bookings,
  SUM(b.fare_amount) AS lifetime_value,
  MAX(b.booked_at) AS last_booked_at
FROM gold.fact_booking b
JOIN gold.dim_customer c ON b.customer_sk = c.customer_sk
WHERE b.status = 'CONFIRMED'
GROUP BY c.customer_id
