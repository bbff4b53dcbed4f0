-- result-rules.sql: rules.csv written by `ciclo analyze` (RULE_COLUMNS of src/pipeline/actions.ts), from its
-- registered buffer, as the table result_rules: one association rule per row.
-- input:  buffer 'ciclo-result-rules.csv'   params: none
-- output: the table result_rules (antecedent VARCHAR, consequent VARCHAR, support DOUBLE, confidence DOUBLE,
--         lift DOUBLE, leverage DOUBLE, conviction DOUBLE, count INTEGER, level VARCHAR)
CREATE OR REPLACE TABLE result_rules AS
WITH file AS (
  FROM (
    SELECT NULL AS antecedent, NULL AS consequent, NULL AS support, NULL AS confidence, NULL AS lift, NULL AS leverage,
      NULL AS conviction, NULL AS count, NULL AS level
    WHERE false
  ) AS known
  UNION ALL BY NAME
  FROM read_csv('ciclo-result-rules.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
)
SELECT
  antecedent::VARCHAR AS antecedent,
  consequent::VARCHAR AS consequent,
  support::DOUBLE AS support,
  confidence::DOUBLE AS confidence,
  lift::DOUBLE AS lift,
  leverage::DOUBLE AS leverage,
  conviction::DOUBLE AS conviction,
  count::INTEGER AS count,
  level::VARCHAR AS level
FROM file
