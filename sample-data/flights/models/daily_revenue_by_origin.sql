-- Confirmed bookings, seats and revenue per booking day and origin airport. The gold job computes
-- it from the changes of gold.fact_booking, gold.dim_flight and gold.dim_airport: a cancelled
-- booking or a flight moved to another airport moves its revenue, in every run mode.
SELECT
  CAST(b.booked_at AS DATE) AS booking_date,
  f.origin AS origin,
  MAX(COALESCE(a.city, 'unknown')) AS origin_city,
  COUNT(*) AS bookings,
  SUM(b.seats) AS seats,
  SUM(b.fare_amount) AS revenue
FROM gold.fact_booking b
JOIN gold.dim_flight f ON b.flight_sk = f.flight_sk
LEFT JOIN gold.dim_airport a ON a.airport_code = f.origin
WHERE b.status = 'CONFIRMED'
GROUP BY CAST(b.booked_at AS DATE), f.origin
