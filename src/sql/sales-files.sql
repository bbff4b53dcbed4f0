-- sales-files.sql: one line per appended file, in the order the files were added.
-- input:  sales   params: none
-- output: source_file VARCHAR, rows BIGINT, customers BIGINT, first_date DATE, last_date DATE, revenue DOUBLE
SELECT
  source_file,
  count(*) AS "rows",
  count(DISTINCT customer_id) AS customers,
  min(order_date) AS first_date,
  max(order_date) AS last_date,
  sum(amount) AS revenue
FROM sales
GROUP BY source_file
ORDER BY min(rowid)
