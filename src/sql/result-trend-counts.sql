-- result-trend-counts.sql: customers and 12-month revenue per trend label in result_customers.
-- input:  result_customers   params: none
-- output: label VARCHAR, customers INTEGER, revenue12 DOUBLE; one row per label present, ordered by label.
SELECT trend AS label, count(*)::INTEGER AS customers, coalesce(sum(trailing_12m_revenue), 0)::DOUBLE AS revenue12
FROM result_customers
GROUP BY trend
ORDER BY label
