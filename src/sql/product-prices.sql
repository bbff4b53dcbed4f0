-- product-prices.sql: each product's category, typical unit price and buyers over the 12 months up to the
-- analysis date, from which the price tiers (analytics/tiers.ts) are cut.
-- input:  sales   params: $1 as_of DATE
-- output: product VARCHAR, category VARCHAR, unit_price DOUBLE, buyers INTEGER; ordered by product.
-- Purchase lines (amount ≥ 0) with a product ('' is none) dated in the 12 months ending at as_of
-- (order_date > as_of − 12 months). A line's price is its unit_price, else amount ÷ quantity; unit_price is the
-- median of the prices > 0 (the mean of the two middle ones for an even count), NULL when no line has one.
-- category is the product's most frequent category over those lines (ties: the first in text order), NULL when
-- none has one. buyers counts the distinct customers (the item counts of customer-level co-occurrence).
WITH lines AS (
  SELECT
    customer_id,
    nullif(product, '') AS product,
    nullif(category, '') AS category,
    coalesce(unit_price, amount / nullif(quantity, 0)) AS price
  FROM sales
  WHERE order_date <= $1::DATE
    AND order_date > ($1::DATE - INTERVAL 12 MONTH)
    AND amount >= 0
    AND nullif(product, '') IS NOT NULL
), category_counts AS (
  SELECT product, category, count(*) AS n
  FROM lines
  WHERE category IS NOT NULL
  GROUP BY product, category
), categories AS (
  SELECT product, arg_min(category, struct_pack(minus_lines := -n, name := category)) AS category
  FROM category_counts
  GROUP BY product
), prices AS (
  SELECT
    product,
    median(price) FILTER (WHERE price > 0) AS unit_price,
    count(DISTINCT customer_id)::INTEGER AS buyers
  FROM lines
  GROUP BY product
)
SELECT p.product, c.category, p.unit_price::DOUBLE AS unit_price, p.buyers
FROM prices AS p
LEFT JOIN categories AS c USING (product)
ORDER BY p.product
