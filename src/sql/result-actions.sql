-- result-actions.sql: actions.csv written by `ciclo analyze` (the columns of ACTION_COLUMNS in
-- src/pipeline/actions.ts), from its registered buffer, as the table result_actions, one row per action.
-- input:  buffer 'ciclo-result-actions.csv'   params: none
-- output: the table result_actions (customer_id VARCHAR, action VARCHAR, …, priority DOUBLE, value_at_stake DOUBLE, …)
-- Matched by name and cast as in result-customers.sql; `line` is the row's position in the file (1 = the first
-- action, highest priority first as the CLI writes them), so the list keeps the file's order.
CREATE OR REPLACE TABLE result_actions AS
WITH file AS (
  FROM (
    SELECT NULL AS customer_id, NULL AS action, NULL AS offer, NULL AS reason, NULL AS priority, NULL AS value_at_stake,
      NULL AS customer_name, NULL AS offer_category, NULL AS offer_product, NULL AS offer_tier, NULL AS reason_codes,
      NULL AS likelihood, NULL AS timing, NULL AS stage, NULL AS trend, NULL AS p_alive, NULL AS predicted_clv,
      NULL AS key_account, NULL AS relationship_level, NULL AS salesperson, NULL AS region, NULL AS channel
    WHERE false
  ) AS known
  UNION ALL BY NAME
  FROM read_csv('ciclo-result-actions.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
)
SELECT
  (row_number() OVER ())::INTEGER AS line,
  customer_id::VARCHAR AS customer_id,
  action::VARCHAR AS action,
  offer::VARCHAR AS offer,
  reason::VARCHAR AS reason,
  priority::DOUBLE AS priority,
  value_at_stake::DOUBLE AS value_at_stake,
  customer_name::VARCHAR AS customer_name,
  offer_category::VARCHAR AS offer_category,
  offer_product::VARCHAR AS offer_product,
  offer_tier::INTEGER AS offer_tier,
  reason_codes::VARCHAR AS reason_codes,
  likelihood::DOUBLE AS likelihood,
  timing::DATE AS timing,
  stage::VARCHAR AS stage,
  trend::VARCHAR AS trend,
  p_alive::DOUBLE AS p_alive,
  predicted_clv::DOUBLE AS predicted_clv,
  key_account::BOOLEAN AS key_account,
  relationship_level::INTEGER AS relationship_level,
  salesperson::VARCHAR AS salesperson,
  region::VARCHAR AS region,
  channel::VARCHAR AS channel
FROM file
