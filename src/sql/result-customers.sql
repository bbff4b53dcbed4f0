-- result-customers.sql: customers.csv written by `ciclo analyze`, from the buffer registered under its fixed name,
-- as the table result_customers, one row per customer, with the column types of the CLI's contract.
-- input:  buffer 'ciclo-result-customers.csv' (UTF-8, `,`, RFC 4180 quotes, header row)   params: none
-- output: the table result_customers (customer_id VARCHAR, first_order DATE, …, key_account BOOLEAN)
-- Columns are matched by name, so a file of an older `ciclo` (fewer columns) loads with NULL in the missing
-- ones and columns a newer one appends are left out. The all-NULL `known` row names every column the CLI
-- writes; the file is read as text and each column cast to its type here, so a value that does not fit fails
-- the statement, and the table loaded before stays as it was (one statement).
CREATE OR REPLACE TABLE result_customers AS
WITH file AS (
  FROM (
    SELECT NULL AS customer_id, NULL AS first_order, NULL AS last_order, NULL AS orders, NULL AS revenue, NULL AS trend,
      NULL AS trend_slope_pct, NULL AS trend_p_value, NULL AS stage, NULL AS rfm_segment, NULL AS historic_ltv,
      NULL AS customer_name, NULL AS trend_quiet, NULL AS trend_change, NULL AS trend_change_period, NULL AS trend_drivers,
      NULL AS trend_baseline_per_period, NULL AS trend_delta_per_period, NULL AS trend_delta_pct, NULL AS items,
      NULL AS categories, NULL AS rfm_r, NULL AS rfm_f, NULL AS rfm_m, NULL AS historic_margin, NULL AS trailing_12m_revenue,
      NULL AS potential_value, NULL AS potential_basis, NULL AS headroom, NULL AS days_since_last_order,
      NULL AS typical_gap_days, NULL AS typical_gap_source, NULL AS funnel_step, NULL AS frequency, NULL AS recency,
      NULL AS "T", NULL AS monetary_value, NULL AS p_alive, NULL AS churn_probability, NULL AS expected_purchases,
      NULL AS predicted_clv, NULL AS p_alive_method, NULL AS expected_spend, NULL AS expected_next_order,
      NULL AS relationship_level, NULL AS key_account
    WHERE false
  ) AS known
  UNION ALL BY NAME
  FROM read_csv('ciclo-result-customers.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
)
SELECT
  customer_id::VARCHAR AS customer_id,
  first_order::DATE AS first_order,
  last_order::DATE AS last_order,
  orders::INTEGER AS orders,
  revenue::DOUBLE AS revenue,
  trend::VARCHAR AS trend,
  trend_slope_pct::DOUBLE AS trend_slope_pct,
  trend_p_value::DOUBLE AS trend_p_value,
  stage::VARCHAR AS stage,
  rfm_segment::VARCHAR AS rfm_segment,
  historic_ltv::DOUBLE AS historic_ltv,
  customer_name::VARCHAR AS customer_name,
  trend_quiet::BOOLEAN AS trend_quiet,
  trend_change::VARCHAR AS trend_change,
  trend_change_period::DATE AS trend_change_period,
  trend_drivers::VARCHAR AS trend_drivers,
  trend_baseline_per_period::DOUBLE AS trend_baseline_per_period,
  trend_delta_per_period::DOUBLE AS trend_delta_per_period,
  trend_delta_pct::DOUBLE AS trend_delta_pct,
  items::DOUBLE AS items,
  categories::INTEGER AS categories,
  rfm_r::INTEGER AS rfm_r,
  rfm_f::INTEGER AS rfm_f,
  rfm_m::INTEGER AS rfm_m,
  historic_margin::DOUBLE AS historic_margin,
  trailing_12m_revenue::DOUBLE AS trailing_12m_revenue,
  potential_value::DOUBLE AS potential_value,
  potential_basis::VARCHAR AS potential_basis,
  headroom::DOUBLE AS headroom,
  days_since_last_order::INTEGER AS days_since_last_order,
  typical_gap_days::DOUBLE AS typical_gap_days,
  typical_gap_source::VARCHAR AS typical_gap_source,
  funnel_step::VARCHAR AS funnel_step,
  frequency::INTEGER AS frequency,
  recency::DOUBLE AS recency,
  "T"::DOUBLE AS "T",
  monetary_value::DOUBLE AS monetary_value,
  p_alive::DOUBLE AS p_alive,
  churn_probability::DOUBLE AS churn_probability,
  expected_purchases::DOUBLE AS expected_purchases,
  predicted_clv::DOUBLE AS predicted_clv,
  p_alive_method::VARCHAR AS p_alive_method,
  expected_spend::DOUBLE AS expected_spend,
  expected_next_order::DATE AS expected_next_order,
  relationship_level::INTEGER AS relationship_level,
  key_account::BOOLEAN AS key_account
FROM file
