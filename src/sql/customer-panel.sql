-- customer-panel.sql: the dense customer × period panel the trends are read from, one row per customer.
-- input:  sales   params: $1 as_of DATE, $2 unit VARCHAR ('month' | 'week'), $3 periods INTEGER (≥ 1)
-- output: customer_id VARCHAR, tenure_periods INTEGER, start_period DATE, revenue DOUBLE[], items DOUBLE[],
--         orders INTEGER[], breadth INTEGER[]; rows ordered by customer_id. The lists hold one value per period,
--         oldest first, from start_period to the last complete period (the caller spells out the periods: a list
--         of dates per customer would cost more to hand over than all the numbers together).
-- Periods are calendar months, or ISO weeks (Monday to Sunday). The panel ends with the last complete period on
-- or before as_of (the period containing as_of when as_of is its last day, else the one before) and starts at the
-- customer's first period, or `periods` periods before the end for older customers. Lines after the last complete
-- period are ignored; customers with nothing before its end have no row. Periods without lines hold 0.
-- Per period: revenue and items are net (returns, i.e. negative amounts, net out within their period); orders
-- count as in customer-facts.sql (order ids of non-negative lines, one per day for lines without an id); breadth
-- counts the distinct categories of non-negative lines, or distinct products when no line of the dataset has a
-- category. tenure_periods counts periods from the customer's first period to the end, inclusive.
WITH bounds AS (
  SELECT
    CASE
      WHEN $2::VARCHAR = 'week' AND isodow($1::DATE) = 7 THEN date_trunc('week', $1::DATE)
      WHEN $2::VARCHAR = 'week' THEN date_trunc('week', $1::DATE) - INTERVAL 7 DAY
      WHEN $1::DATE = last_day($1::DATE) THEN date_trunc('month', $1::DATE)
      ELSE date_trunc('month', $1::DATE) - INTERVAL 1 MONTH
    END::DATE AS last_period,
    CASE WHEN $2::VARCHAR = 'week' THEN INTERVAL 7 DAY ELSE INTERVAL 1 MONTH END AS step
), frame AS (
  SELECT
    last_period,
    step,
    (last_period + step)::DATE AS end_exclusive,
    (last_period - ($3::INTEGER - 1) * step)::DATE AS window_start,
    EXISTS (SELECT 1 FROM sales WHERE category IS NOT NULL AND category <> '') AS has_category
  FROM bounds
), lines AS (
  SELECT
    s.customer_id,
    date_trunc($2::VARCHAR, s.order_date)::DATE AS period,
    s.order_date,
    s.amount,
    coalesce(s.quantity, 0) AS quantity,
    s.order_id,
    s.amount >= 0 AS is_purchase,
    CASE WHEN f.has_category THEN nullif(s.category, '') ELSE nullif(s.product, '') END AS breadth_key
  FROM sales AS s, frame AS f
  WHERE s.order_date < f.end_exclusive
), cells AS (
  SELECT
    customer_id,
    period,
    sum(amount) AS revenue,
    sum(quantity) AS items,
    (count(DISTINCT order_id) FILTER (WHERE is_purchase)
      + count(DISTINCT order_date) FILTER (WHERE is_purchase AND order_id IS NULL))::INTEGER AS orders,
    count(DISTINCT breadth_key) FILTER (WHERE is_purchase)::INTEGER AS breadth
  FROM lines
  GROUP BY customer_id, period
), firsts AS (
  SELECT customer_id, coalesce(min(period) FILTER (WHERE orders > 0), min(period)) AS first_period
  FROM cells
  GROUP BY customer_id
), spans AS (
  SELECT
    c.customer_id,
    CASE
      WHEN $2::VARCHAR = 'week' THEN date_diff('day', c.first_period, f.last_period) // 7 + 1
      ELSE date_diff('month', c.first_period, f.last_period) + 1
    END::INTEGER AS tenure_periods,
    greatest(c.first_period, f.window_start) AS start_period
  FROM firsts AS c, frame AS f
  WHERE c.first_period <= f.last_period
), sparse AS (
  -- Each customer's cells in the window, with their place in the series. The lists are in no particular order
  -- (an ORDER BY inside list() keeps a sort buffer per customer, too much memory for 50,000 of them);
  -- `place` says where each value goes.
  SELECT
    c.customer_id,
    list(CASE
      WHEN $2::VARCHAR = 'week' THEN date_diff('day', s.start_period, c.period) // 7
      ELSE date_diff('month', s.start_period, c.period)
    END::INTEGER) AS place,
    list(c.revenue) AS revenue,
    list(c.items) AS items,
    list(c.orders) AS orders,
    list(c.breadth) AS breadth
  FROM cells AS c
  JOIN spans AS s ON s.customer_id = c.customer_id AND c.period >= s.start_period
  GROUP BY c.customer_id
), series AS (
  SELECT
    s.customer_id,
    s.tenure_periods,
    s.start_period,
    CASE
      WHEN $2::VARCHAR = 'week' THEN date_diff('day', s.start_period, f.last_period) // 7 + 1
      ELSE date_diff('month', s.start_period, f.last_period) + 1
    END AS length,
    p.place,
    p.revenue,
    p.items,
    p.orders,
    p.breadth
  FROM spans AS s
  CROSS JOIN frame AS f
  LEFT JOIN sparse AS p ON p.customer_id = s.customer_id
), slots AS (
  -- For each period of the dense series, where its value sits in the sparse lists (NULL: no lines then).
  -- Looked up once per customer and shared by the four lists, rather than searched for in each of them.
  SELECT *, list_transform(range(length), lambda i: list_position(place, i::INTEGER)) AS slot
  FROM series
)
-- Dense lists: the value at the period's slot, or 0.
SELECT
  customer_id,
  tenure_periods,
  start_period,
  list_transform(slot, lambda j: coalesce(revenue[j], 0)::DOUBLE) AS revenue,
  list_transform(slot, lambda j: coalesce(items[j], 0)::DOUBLE) AS items,
  list_transform(slot, lambda j: coalesce(orders[j], 0)::INTEGER) AS orders,
  list_transform(slot, lambda j: coalesce(breadth[j], 0)::INTEGER) AS breadth
FROM slots
ORDER BY customer_id
