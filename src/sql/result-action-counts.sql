-- result-action-counts.sql: actions, customers and value at stake per action type in result_actions.
-- input:  result_actions   params: none
-- output: action VARCHAR, actions INTEGER, customers INTEGER, value_at_stake DOUBLE; ordered by action.
SELECT
  action,
  count(*)::INTEGER AS actions,
  count(DISTINCT customer_id)::INTEGER AS customers,
  coalesce(sum(value_at_stake), 0)::DOUBLE AS value_at_stake
FROM result_actions
GROUP BY action
ORDER BY action
