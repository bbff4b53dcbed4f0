-- result-action-total.sql: how many rows of result_actions are of the given action types, and their value at stake.
-- input:  result_actions   params: $1 action types joined by `,` ('' for every type)
-- output: one row: actions INTEGER, value_at_stake DOUBLE
SELECT count(*)::INTEGER AS actions, coalesce(sum(value_at_stake), 0)::DOUBLE AS value_at_stake
FROM result_actions
WHERE $1::VARCHAR = '' OR list_contains(string_split($1::VARCHAR, ','), action)
