-- cohort-retention.sql: monthly acquisition cohorts × months since the first order, customers and revenue.
-- input:  sales   params: $1 as_of DATE
-- output: cohort DATE, age INTEGER, customers INTEGER, revenue DOUBLE, cohort_size INTEGER; ordered by cohort, age.
-- A customer's cohort is the month of their first order (as in customer-facts.sql: returns are not orders).
-- Every cohort has one row per month from its own (age 0) to the month containing as_of, zeros included, so a
-- heatmap tells "nobody came back" from "not yet observed". customers counts cohort members with an order in
-- that month; revenue is their net revenue in it (returns included); lines after as_of are ignored.
-- The lines are summed once per customer and month (a million lines become a few hundred thousand rows) before
-- cohorts are joined in.
WITH lines AS (
  SELECT customer_id, date_trunc('month', order_date)::DATE AS month, amount, amount >= 0 AS is_purchase
  FROM sales
  WHERE order_date <= $1::DATE
), customer_months AS (
  SELECT customer_id, month, sum(amount) AS revenue, bool_or(is_purchase) AS has_order
  FROM lines
  GROUP BY customer_id, month
), firsts AS (
  SELECT customer_id, coalesce(min(month) FILTER (WHERE has_order), min(month)) AS cohort
  FROM customer_months
  GROUP BY customer_id
), sizes AS (
  SELECT cohort, count(*)::INTEGER AS cohort_size FROM firsts GROUP BY cohort
), activity AS (
  SELECT m.customer_id, f.cohort, m.month, m.revenue, m.has_order
  FROM customer_months AS m
  JOIN firsts AS f USING (customer_id)
), cells AS (
  SELECT cohort, month, count(*) FILTER (WHERE has_order) AS customers, sum(revenue) AS revenue
  FROM activity
  GROUP BY cohort, month
), grid AS (
  SELECT cohort, cohort_size, unnest(generate_series(cohort, date_trunc('month', $1::DATE), INTERVAL 1 MONTH))::DATE AS month
  FROM sizes
)
SELECT
  g.cohort,
  date_diff('month', g.cohort, g.month)::INTEGER AS age,
  coalesce(c.customers, 0)::INTEGER AS customers,
  coalesce(c.revenue, 0)::DOUBLE AS revenue,
  g.cohort_size
FROM grid AS g
LEFT JOIN cells AS c ON c.cohort = g.cohort AND c.month = g.month
ORDER BY g.cohort, age
