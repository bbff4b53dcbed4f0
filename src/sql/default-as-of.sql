-- default-as-of.sql: the analysis date Ciclo proposes: the end of the last complete month in the data.
-- input:  sales   params: none
-- output: as_of DATE (NULL when the table is empty)
-- The last order date when it is the last day of its month, else the last day of the month before. When the
-- data hold no complete month at all (every order falls after that month-end), the last order date, so that
-- a file of a few weeks still has customers to analyse.
WITH span AS (
  SELECT min(order_date) AS first_date, max(order_date) AS last_date FROM sales
), month_end AS (
  SELECT
    first_date,
    last_date,
    CASE
      WHEN last_date = last_day(last_date) THEN last_date
      ELSE (date_trunc('month', last_date) - INTERVAL 1 DAY)::DATE
    END AS complete_end
  FROM span
)
SELECT CASE WHEN complete_end < first_date THEN last_date ELSE complete_end END AS as_of
FROM month_end
