-- sales-summary.sql: what the loaded dataset holds, for the header above the grid.
-- input:  sales   params: none
-- output: rows BIGINT, customers BIGINT, first_date DATE, last_date DATE, revenue DOUBLE, files BIGINT
-- On an empty table the dates are NULL and the revenue is 0.
SELECT
  count(*) AS "rows",
  count(DISTINCT customer_id) AS customers,
  min(order_date) AS first_date,
  max(order_date) AS last_date,
  coalesce(sum(amount), 0) AS revenue,
  count(DISTINCT source_file) AS files
FROM sales
