-- customer-attributes.sql: each customer's usual salesperson, region and channel, to filter the action list.
-- input:  sales   params: $1 as_of DATE
-- output: customer_id VARCHAR, salesperson VARCHAR, region VARCHAR, channel VARCHAR; ordered by customer_id.
-- One row per customer with a line on or before as_of. Each attribute is the value on most of the customer's
-- lines up to as_of (ties: the first in text order); NULL when no line has one ('' is none).
WITH lines AS (
  SELECT customer_id, nullif(salesperson, '') AS salesperson, nullif(region, '') AS region, nullif(channel, '') AS channel
  FROM sales
  WHERE order_date <= $1::DATE
), counted AS (
  -- One row per customer, attribute and value, with its lines: the three attributes in one pass.
  SELECT customer_id, attribute, value, count(*) AS n
  FROM (
    SELECT customer_id, 'salesperson' AS attribute, salesperson AS value FROM lines
    UNION ALL
    SELECT customer_id, 'region', region FROM lines
    UNION ALL
    SELECT customer_id, 'channel', channel FROM lines
  )
  WHERE value IS NOT NULL
  GROUP BY customer_id, attribute, value
), usual AS (
  -- The most lines, then the first value in text order: the smallest (−lines, value), as customer-facts.sql.
  SELECT customer_id, attribute, arg_min(value, struct_pack(minus_lines := -n, name := value)) AS value
  FROM counted
  GROUP BY customer_id, attribute
)
SELECT
  c.customer_id,
  max(u.value) FILTER (WHERE u.attribute = 'salesperson') AS salesperson,
  max(u.value) FILTER (WHERE u.attribute = 'region') AS region,
  max(u.value) FILTER (WHERE u.attribute = 'channel') AS channel
FROM (SELECT DISTINCT customer_id FROM lines) AS c
LEFT JOIN usual AS u USING (customer_id)
GROUP BY c.customer_id
ORDER BY c.customer_id
