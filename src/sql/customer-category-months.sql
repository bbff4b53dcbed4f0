-- customer-category-months.sql: one customer's net revenue per category per month, for "categories bought over time".
-- input:  sales   params: $1 customer_id VARCHAR, $2 as_of DATE
-- output: month DATE, category VARCHAR, revenue DOUBLE; ordered by month, category.
-- As for breadth in customer-panel.sql, products stand in for categories when no line of the dataset has a
-- category; lines with neither are grouped under '' (the screen names it).
WITH flag AS (
  SELECT EXISTS (SELECT 1 FROM sales WHERE category IS NOT NULL AND category <> '') AS has_category
)
SELECT
  date_trunc('month', s.order_date)::DATE AS month,
  coalesce(CASE WHEN f.has_category THEN nullif(s.category, '') ELSE nullif(s.product, '') END, '') AS category,
  sum(s.amount) AS revenue
FROM sales AS s, flag AS f
WHERE s.customer_id = $1::VARCHAR AND s.order_date <= $2::DATE
GROUP BY ALL
ORDER BY month, category
