-- result-cohorts.sql: cohorts.csv written by `ciclo analyze`, from its registered buffer, as the table
-- result_cohorts: one row per monthly acquisition cohort and month of age (cohort-retention.sql's rows).
-- input:  buffer 'ciclo-result-cohorts.csv'   params: none
-- output: the table result_cohorts (cohort DATE, age_months INTEGER, cohort_size INTEGER, customers INTEGER, revenue DOUBLE)
CREATE OR REPLACE TABLE result_cohorts AS
WITH file AS (
  FROM (SELECT NULL AS cohort, NULL AS age_months, NULL AS cohort_size, NULL AS customers, NULL AS revenue WHERE false) AS known
  UNION ALL BY NAME
  FROM read_csv('ciclo-result-cohorts.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
)
SELECT
  cohort::DATE AS cohort,
  age_months::INTEGER AS age_months,
  cohort_size::INTEGER AS cohort_size,
  customers::INTEGER AS customers,
  revenue::DOUBLE AS revenue
FROM file
