-- customer-products.sql: the products each customer bought in the 12 months up to the analysis date and their
-- net revenue on each (the tiers a customer buys, product cross-sell holdings and typical spend).
-- input:  sales   params: $1 as_of DATE
-- output: customer_id VARCHAR, product VARCHAR, revenue12 DOUBLE; ordered by customer_id, product.
-- One row per customer and product with a purchase line (amount ≥ 0) in the 12 months ending at as_of
-- (order_date > as_of − 12 months); revenue12 nets that product's returns in the same months. Lines without a
-- product ('' is none) are left out.
SELECT
  customer_id,
  nullif(product, '') AS product,
  sum(amount)::DOUBLE AS revenue12
FROM sales
WHERE order_date <= $1::DATE
  AND order_date > ($1::DATE - INTERVAL 12 MONTH)
  AND nullif(product, '') IS NOT NULL
GROUP BY customer_id, nullif(product, '')
HAVING bool_or(amount >= 0)
ORDER BY customer_id, product
