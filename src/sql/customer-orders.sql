-- customer-orders.sql: one customer's orders on or before the analysis date, oldest first, for the customer page.
-- input:  sales   params: $1 customer_id VARCHAR, $2 as_of DATE
-- output: date DATE, order_id VARCHAR, amount DOUBLE, items DOUBLE, lines INTEGER
-- Lines sharing an order id are one order (dated by its first line); lines without an id are grouped per day.
-- Returns and credit notes appear as they were booked, with their negative amount.
SELECT
  min(order_date) AS date,
  order_id,
  sum(amount) AS amount,
  coalesce(sum(quantity), 0) AS items,
  count(*)::INTEGER AS lines
FROM sales
WHERE customer_id = $1::VARCHAR AND order_date <= $2::DATE
GROUP BY order_id, CASE WHEN order_id IS NULL THEN order_date END
ORDER BY date, order_id NULLS FIRST
