-- purchase-days.sql: every customer's purchase days up to an end date, one row per customer and day, for the
-- holdout check of the purchase model (analytics/holdout.ts), which splits them at the calibration date.
-- input:  sales   params: $1 end_date DATE (the last day read)
-- output: customer_id VARCHAR, day INTEGER (days since 1970-01-01), amount DOUBLE; ordered by customer_id, day.
-- The same purchase days and day totals as customer-purchase-summary.sql: a day is a purchase when it has a
-- line with amount ≥ 0 (0.00 orders count), its total nets that day's lines and is floored at 0, and days of
-- returns only are left out. Summarising these rows with analytics/rfm-summary.ts therefore gives that query's
-- frequency, recency, T and monetary value.
SELECT
  customer_id,
  date_diff('day', DATE '1970-01-01', order_date)::INTEGER AS day,
  greatest(sum(amount), 0) AS amount
FROM sales
WHERE order_date <= $1::DATE
GROUP BY customer_id, order_date
HAVING bool_or(amount >= 0)
ORDER BY customer_id, day
