-- basket-pairs.sql: order-level co-occurrence of products — for each pair of products, how many orders held
-- both, over the 12 months up to the analysis date (market-basket rules, where orders have several lines).
-- input:  sales   params: $1 as_of DATE, $2 min_count INTEGER, $3 max_pairs INTEGER
-- output: item_a VARCHAR, item_b VARCHAR, baskets INTEGER; item_a < item_b; ordered by baskets descending,
--         item_a, item_b.
-- A basket is an order: a customer's order id, or one day of a customer's lines without an id (as in
-- customer-facts.sql), dated in the 12 months ending at as_of (order_date > as_of − 12 months). It holds the
-- products of its purchase lines (amount ≥ 0; '' is no product). Pairs in fewer than min_count baskets are
-- left out, and only the first max_pairs pairs in the output order are kept.
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
), frequent AS (
  -- An item held by fewer than min_count baskets is in no pair reaching it (Apriori's pruning).
  SELECT * FROM held QUALIFY count(*) OVER (PARTITION BY item) >= $2::INTEGER
)
SELECT a.item AS item_a, b.item AS item_b, count(*)::INTEGER AS baskets
FROM frequent AS a
JOIN frequent AS b ON a.customer_id = b.customer_id AND a.basket = b.basket AND a.item < b.item
GROUP BY a.item, b.item
HAVING count(*) >= $2::INTEGER
ORDER BY baskets DESC, item_a, item_b
LIMIT $3::INTEGER
