-- result-stage-counts.sql: customers and 12-month revenue per lifecycle stage in result_customers.
-- input:  result_customers   params: none
-- output: stage VARCHAR, customers INTEGER, revenue12 DOUBLE; one row per stage present, ordered by stage.
SELECT stage, count(*)::INTEGER AS customers, coalesce(sum(trailing_12m_revenue), 0)::DOUBLE AS revenue12
FROM result_customers
GROUP BY stage
ORDER BY stage
