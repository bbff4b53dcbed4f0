-- product-pairs.sql: customer-level co-occurrence of products — for each pair of products, how many customers
-- bought both in the 12 months up to the analysis date; the most frequent pairs only.
-- input:  sales   params: $1 as_of DATE, $2 min_count INTEGER, $3 max_pairs INTEGER
-- output: item_a VARCHAR, item_b VARCHAR, customers INTEGER; item_a < item_b; ordered by customers descending,
--         item_a, item_b.
-- A customer holds a product when a purchase line (amount ≥ 0) of it is dated in the 12 months ending at as_of
-- (order_date > as_of − 12 months); lines without a product ('' is none) are left out. Pairs bought together
-- by fewer than min_count customers are left out, and only the first max_pairs pairs in the output order are
-- kept: a catalogue of thousands of products has millions of pairs, few of them worth a rule.
WITH held AS (
  SELECT DISTINCT customer_id, nullif(product, '') AS item
  FROM sales
  WHERE order_date <= $1::DATE
    AND order_date > ($1::DATE - INTERVAL 12 MONTH)
    AND amount >= 0
    AND nullif(product, '') IS NOT NULL
), frequent AS (
  -- An item held by fewer than min_count customers is in no pair reaching it (Apriori's pruning).
  SELECT * FROM held QUALIFY count(*) OVER (PARTITION BY item) >= $2::INTEGER
)
SELECT a.item AS item_a, b.item AS item_b, count(*)::INTEGER AS customers
FROM frequent AS a
JOIN frequent AS b ON a.customer_id = b.customer_id AND a.item < b.item
GROUP BY a.item, b.item
HAVING count(*) >= $2::INTEGER
ORDER BY customers DESC, item_a, item_b
LIMIT $3::INTEGER
