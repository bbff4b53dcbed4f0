-- result-customer-figures.sql: the key figures of result_customers.
-- input:  result_customers   params: none
-- output: one row: customers INTEGER, revenue DOUBLE, revenue12 DOUBLE, predicted_clv DOUBLE (NULL when the file
--         has no prediction), key_accounts INTEGER, first_order DATE, last_order DATE (ISO text)
SELECT
  count(*)::INTEGER AS customers,
  coalesce(sum(revenue), 0)::DOUBLE AS revenue,
  coalesce(sum(trailing_12m_revenue), 0)::DOUBLE AS revenue12,
  sum(predicted_clv)::DOUBLE AS predicted_clv,
  count(*) FILTER (WHERE key_account)::INTEGER AS key_accounts,
  strftime(min(first_order), '%Y-%m-%d') AS first_order,
  strftime(max(last_order), '%Y-%m-%d') AS last_order
FROM result_customers
