-- customer-order-value.sql: each customer's mean order value in the last 6 months and in the 6 before, and the
-- calendar months of the last 12 with an order (downgrade-to-save reads the first, relationship regularity the
-- second).
-- input:  sales   params: $1 as_of DATE
-- output: customer_id VARCHAR, recent_order_value DOUBLE, previous_order_value DOUBLE, recent_orders INTEGER,
--         previous_orders INTEGER, active_months12 INTEGER; ordered by customer_id.
-- Only orders dated in the 12 months ending at as_of (order_date > as_of − 12 months) count; customers without
-- one there have no row. An order is an order id, or one day of a customer's lines without an id (as in
-- customer-facts.sql); its value is the sum of its lines, so a discount or credit line on the same order nets
-- out; an order whose lines are all negative is a return, not an order. Its date is its first line's.
-- recent: order_date > the half-year line; previous: as_of − 12 months < order_date ≤ that line; a mean is NULL
-- when its half-year has no order. The line is as_of − 6 months, or for a month-end as_of the month-end 6 months
-- before (2024-06-30 → 2023-12-31, where the plain interval would stop at 2023-12-30). active_months12 counts the calendar months with an order, from the
-- 11th month before as_of's month to as_of's month (exactly the 12 months up to a month-end as_of).
WITH lines AS (
  SELECT
    customer_id,
    CASE WHEN order_id IS NULL THEN 'day ' || order_date::VARCHAR ELSE 'id ' || order_id END AS order_key,
    order_date,
    amount
  FROM sales
  WHERE order_date <= $1::DATE
    AND order_date > ($1::DATE - INTERVAL 12 MONTH)
), orders AS (
  SELECT customer_id, order_key, min(order_date) AS order_date, sum(amount) AS total
  FROM lines
  GROUP BY customer_id, order_key
  HAVING bool_or(amount >= 0)
), marked AS (
  SELECT
    *,
    order_date > CASE
      WHEN $1::DATE = last_day($1::DATE) THEN last_day($1::DATE - INTERVAL 6 MONTH)
      ELSE ($1::DATE - INTERVAL 6 MONTH)::DATE
    END AS is_recent
  FROM orders
)
SELECT
  customer_id,
  avg(total) FILTER (WHERE is_recent) AS recent_order_value,
  avg(total) FILTER (WHERE NOT is_recent) AS previous_order_value,
  count(*) FILTER (WHERE is_recent)::INTEGER AS recent_orders,
  count(*) FILTER (WHERE NOT is_recent)::INTEGER AS previous_orders,
  count(DISTINCT date_trunc('month', order_date))
    FILTER (WHERE order_date >= date_trunc('month', $1::DATE) - INTERVAL 11 MONTH)::INTEGER AS active_months12
FROM marked
GROUP BY customer_id
ORDER BY customer_id
