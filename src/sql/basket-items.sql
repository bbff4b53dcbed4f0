-- basket-items.sql: in how many orders each product was bought over the 12 months up to the analysis date, and
-- how many orders held a product at all (the item counts and the total behind basket-pairs.sql's rules).
-- input:  sales   params: $1 as_of DATE
-- output: item VARCHAR, baskets INTEGER, total_baskets INTEGER; ordered by item.
-- Baskets as in basket-pairs.sql: a customer's order id, or one day of a customer's lines without an id, dated
-- in the 12 months ending at as_of, holding the products of its purchase lines (amount ≥ 0; '' is no product).
-- total_baskets, the same on every row, counts the baskets holding at least one product.
WITH held AS (
  SELECT DISTINCT
    customer_id,
    CASE WHEN order_id IS NULL THEN 'day ' || order_date::VARCHAR ELSE 'id ' || order_id END AS basket,
    nullif(product, '') AS item
  FROM sales
  WHERE order_date <= $1::DATE
    AND order_date > ($1::DATE - INTERVAL 12 MONTH)
    AND amount >= 0
    AND nullif(product, '') IS NOT NULL
), total AS (
  SELECT count(*)::INTEGER AS total_baskets
  FROM (SELECT DISTINCT customer_id, basket FROM held)
)
SELECT h.item, count(*)::INTEGER AS baskets, any_value(t.total_baskets) AS total_baskets
FROM held AS h, total AS t
GROUP BY h.item
ORDER BY h.item
