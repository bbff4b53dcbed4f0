-- customer-category-spend.sql: each customer's net revenue per category over the 12 months up to the analysis
-- date, and whether they bought the category then and ever (the next best actions' category spend, cross-sell
-- holdings, key-account dependence and relationship breadth).
-- input:  sales   params: $1 as_of DATE
-- output: customer_id VARCHAR, category VARCHAR, revenue12 DOUBLE, is_bought12 BOOLEAN, is_bought BOOLEAN;
--         ordered by customer_id, category.
-- One row per customer and category with a line on or before as_of; lines without a category ('' is none) are
-- left out. revenue12 nets the category's returns over the 12 months ending at as_of (order_date > as_of − 12
-- months, as customer-facts.sql's trailing12), 0 without lines then. A category is bought when a line with
-- amount ≥ 0 (a purchase, as in customer-facts.sql) has it: is_bought12 in those 12 months, is_bought ever.
WITH lines AS (
  SELECT
    customer_id,
    nullif(category, '') AS category,
    amount,
    order_date > ($1::DATE - INTERVAL 12 MONTH) AS is_recent
  FROM sales
  WHERE order_date <= $1::DATE
)
SELECT
  customer_id,
  category,
  coalesce(sum(amount) FILTER (WHERE is_recent), 0)::DOUBLE AS revenue12,
  bool_or(amount >= 0 AND is_recent) AS is_bought12,
  bool_or(amount >= 0) AS is_bought
FROM lines
WHERE category IS NOT NULL
GROUP BY customer_id, category
ORDER BY customer_id, category
