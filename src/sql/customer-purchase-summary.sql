-- customer-purchase-summary.sql: each customer's purchase history as the purchase models read it (BG/NBD,
-- Gamma-Gamma; analytics/rfm-summary.ts), with the conventions of Fader, Hardie & Lee (2005), in one pass.
-- input:  sales   params: $1 as_of DATE, $2 unit_days DOUBLE (days per model unit: 1, 7 or 30.4375)
-- output: customer_id VARCHAR, frequency INTEGER, recency DOUBLE, "T" DOUBLE, monetary_value DOUBLE,
--         first_day INTEGER, last_day INTEGER, trailing_revenue DOUBLE; ordered by customer_id.
-- Lines after as_of are ignored. All lines of a customer on one day are one purchase, their amounts summed.
-- A day is a purchase when it has a line with amount ≥ 0: a 0.00 line is an order (CDNOW has such orders, and
-- the published summaries count them), while a day of negative lines only is a return or a credit note,
-- never a purchase. A purchase day's total nets its negative lines (a discount line on the same invoice), and
-- is floored at 0: a day whose returns exceed its purchases returned an earlier order, and the model reads the
-- value of orders, not of returns. Customers without a purchase day are left out.
-- frequency x = purchase days − 1; recency = (last − first purchase day) / unit_days; "T" = (as_of − first
-- purchase day) / unit_days; monetary_value = mean total of the repeat purchase days (the first purchase
-- excluded), 0 when x = 0. first_day and last_day are days since 1970-01-01.
-- trailing_revenue is the customer's net revenue (returns included) over the 12 months ending at as_of
-- (order_date > as_of − 12 months), as customer-facts.sql's trailing12: the rule-of-thumb CLV reads it.
WITH day_totals AS (
  SELECT
    customer_id,
    date_diff('day', DATE '1970-01-01', order_date)::INTEGER AS day,
    sum(amount) AS net,
    bool_or(amount >= 0) AS is_purchase,
    order_date > ($1::DATE - INTERVAL 12 MONTH) AS is_recent
  FROM sales
  WHERE order_date <= $1::DATE
  GROUP BY customer_id, order_date
), marked AS (
  SELECT
    *,
    min(CASE WHEN is_purchase THEN day END) OVER (PARTITION BY customer_id) AS first_day
  FROM day_totals
), summaries AS (
  SELECT
    customer_id,
    (count(*) FILTER (WHERE is_purchase) - 1)::INTEGER AS frequency,
    any_value(first_day) AS first_day,
    max(day) FILTER (WHERE is_purchase) AS last_day,
    -- Summed in day order: the same total to the last bit whichever order the engine's threads or version
    -- bring the rows in (native DuckDB in the CLI and DuckDB-WASM write identical files).
    sum(greatest(net, 0) ORDER BY day) FILTER (WHERE is_purchase AND day > first_day) AS repeat_total,
    coalesce(sum(net ORDER BY day) FILTER (WHERE is_recent), 0) AS trailing_revenue
  FROM marked
  GROUP BY customer_id
  HAVING count(*) FILTER (WHERE is_purchase) > 0
)
SELECT
  customer_id,
  frequency,
  (last_day - first_day) / $2::DOUBLE AS recency,
  (date_diff('day', DATE '1970-01-01', $1::DATE) - first_day) / $2::DOUBLE AS "T",
  CASE WHEN frequency = 0 THEN 0.0 ELSE repeat_total / frequency END AS monetary_value,
  first_day,
  last_day,
  trailing_revenue
FROM summaries
ORDER BY customer_id
