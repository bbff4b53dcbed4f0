-- customer-facts.sql: one row per customer with what they bought on or before the analysis date.
-- input:  sales   params: $1 as_of DATE
-- output: customer_id VARCHAR, customer_name VARCHAR, first_order DATE, last_order DATE, orders INTEGER,
--         revenue DOUBLE, items DOUBLE, categories INTEGER, cost DOUBLE, order_days INTEGER[],
--         trailing12 DOUBLE, orders12 INTEGER, categories12 INTEGER, best12 DOUBLE; ordered by customer_id.
-- A line with a negative amount is a return or a credit note: it nets out of revenue and items but is never an
-- order. Orders are the distinct order ids of the other lines, plus one order per day for lines without an id.
-- first_order, last_order and order_days (distinct order dates as days since 1970-01-01, ascending) come from
-- those orders; a customer whose lines are all returns keeps the dates of the returns instead.
-- customer_name is the most frequent name seen (ties: the first in text order). cost is the sum of the lines'
-- cost (returns net out) when every line of the customer has one, else NULL (no cost column, or gaps in it:
-- a margin from part of the lines would overstate it).
-- categories counts the distinct categories of non-negative lines (bought, not only returned).
-- trailing12, orders12 and categories12 cover the 12 months ending at as_of (order_date > as_of − 12 months).
-- best12 is the best run of 12 consecutive calendar months of net revenue (months without orders count as 0),
-- or the whole revenue of a customer whose first month is fewer than 12 months back.
-- Speed (1M lines, 50k customers, single-threaded DuckDB-WASM): `lines` is not materialized (each use re-reads
-- `sales`, cheaper than a copy of a million lines with their texts), and the distinct counts come from small
-- GROUP BYs of orders, categories and days instead of eight DISTINCT aggregates in one pass. Sums stay over
-- the lines themselves, so every figure is added up in the same order as before.
WITH lines AS NOT MATERIALIZED (
  SELECT
    customer_id,
    order_date,
    amount,
    coalesce(quantity, 0) AS quantity,
    cost,
    order_id,
    nullif(category, '') AS category,
    customer_name,
    amount >= 0 AS is_purchase,
    order_date > ($1::DATE - INTERVAL 12 MONTH) AS is_recent
  FROM sales
  WHERE order_date <= $1::DATE
), name_counts AS (
  SELECT customer_id, customer_name, count(*) AS n
  FROM lines
  WHERE customer_name IS NOT NULL AND customer_name <> ''
  GROUP BY customer_id, customer_name
), names AS (
  -- The most lines, then the first name in text order: the smallest (−lines, name). arg_min keeps one value
  -- per customer, where an ORDER BY inside the aggregate would keep a sort buffer per customer.
  SELECT customer_id, arg_min(customer_name, struct_pack(minus_lines := -n, name := customer_name)) AS customer_name
  FROM name_counts
  GROUP BY customer_id
), month_revenue AS (
  SELECT customer_id, year(order_date) * 12 + month(order_date) - 1 AS month_index, sum(amount) AS revenue
  FROM lines
  GROUP BY customer_id, month_index
), runs AS (
  -- Only months with lines are rows here. A best run of 12 months can always be taken either ending with such a
  -- month, or starting right after one: shift a best run earlier while its last month is empty; that never
  -- lowers its sum unless the month it takes in has lines and a negative sum, and then the run started right
  -- after that month. So the runs ending at each row and the runs of the 12 months after each row suffice.
  SELECT
    customer_id,
    month_index,
    revenue,
    sum(revenue) OVER (PARTITION BY customer_id ORDER BY month_index RANGE BETWEEN 11 PRECEDING AND CURRENT ROW) AS ending_here,
    coalesce(sum(revenue) OVER (PARTITION BY customer_id ORDER BY month_index RANGE BETWEEN 1 FOLLOWING AND 12 FOLLOWING), 0) AS next_twelve
  FROM month_revenue
), best AS (
  SELECT
    customer_id,
    CASE
      WHEN max(a.as_of_index) - min(month_index) + 1 < 12 THEN sum(revenue)
      ELSE greatest(max(ending_here), max(next_twelve) FILTER (WHERE month_index + 12 <= a.as_of_index))
    END AS best12
  FROM runs, (SELECT year($1::DATE) * 12 + month($1::DATE) - 1 AS as_of_index) AS a
  GROUP BY customer_id
), order_keys AS (
  -- One row per order of non-negative lines: its id, or its day for lines without an id (the day is left
  -- NULL beside an id, so an id spanning several days is still one order).
  SELECT customer_id, bool_or(is_recent) AS is_recent
  FROM lines
  WHERE is_purchase
  GROUP BY customer_id, order_id, CASE WHEN order_id IS NULL THEN order_date END
), orders AS (
  SELECT customer_id, count(*)::INTEGER AS orders, count(*) FILTER (WHERE is_recent)::INTEGER AS orders12
  FROM order_keys
  GROUP BY customer_id
), category_keys AS (
  SELECT customer_id, bool_or(is_recent) AS is_recent
  FROM lines
  WHERE is_purchase AND category IS NOT NULL
  GROUP BY customer_id, category
), categories AS (
  SELECT customer_id, count(*)::INTEGER AS categories, count(*) FILTER (WHERE is_recent)::INTEGER AS categories12
  FROM category_keys
  GROUP BY customer_id
), days AS (
  SELECT customer_id, date_diff('day', DATE '1970-01-01', order_date)::INTEGER AS day, bool_or(is_purchase) AS has_purchase
  FROM lines
  GROUP BY customer_id, order_date
), day_lists AS (
  -- list() over no row is NULL: a customer with returns only keeps the days of the returns.
  SELECT customer_id, coalesce(list_sort(list(day) FILTER (WHERE has_purchase)), list_sort(list(day))) AS order_days
  FROM days
  GROUP BY customer_id
), facts AS (
  SELECT
    customer_id,
    coalesce(min(order_date) FILTER (WHERE is_purchase), min(order_date)) AS first_order,
    coalesce(max(order_date) FILTER (WHERE is_purchase), max(order_date)) AS last_order,
    sum(amount) AS revenue,
    sum(quantity) AS items,
    CASE WHEN count(cost) = count(*) THEN sum(cost) END AS cost,
    coalesce(sum(amount) FILTER (WHERE is_recent), 0) AS trailing12
  FROM lines
  GROUP BY customer_id
)
SELECT
  f.customer_id,
  n.customer_name,
  f.first_order,
  f.last_order,
  coalesce(o.orders, 0)::INTEGER AS orders,
  f.revenue,
  f.items,
  coalesce(c.categories, 0)::INTEGER AS categories,
  f.cost,
  d.order_days,
  f.trailing12,
  coalesce(o.orders12, 0)::INTEGER AS orders12,
  coalesce(c.categories12, 0)::INTEGER AS categories12,
  b.best12
FROM facts AS f
LEFT JOIN names AS n USING (customer_id)
JOIN best AS b USING (customer_id)
JOIN day_lists AS d USING (customer_id)
LEFT JOIN orders AS o USING (customer_id)
LEFT JOIN categories AS c USING (customer_id)
ORDER BY f.customer_id
