-- result-cohort-cells.sql: the cells of result_cohorts in the shape of cohort-retention.sql's rows.
-- input:  result_cohorts   params: none
-- output: cohort VARCHAR (ISO), age INTEGER, customers INTEGER, revenue DOUBLE, cohort_size INTEGER; ordered by cohort, age.
SELECT strftime(cohort, '%Y-%m-%d') AS cohort, age_months AS age, customers, revenue, cohort_size
FROM result_cohorts
WHERE cohort IS NOT NULL AND age_months IS NOT NULL
ORDER BY cohort, age
