-- result-action-rows.sql: a page of result_actions in the file's order, optionally of some action types only.
-- input:  result_actions
-- params: $1 action types joined by `,` ('' for every type), $2 rows at most, $3 rows to skip
-- output: every column of result_actions; timing as ISO text.
SELECT * REPLACE (strftime(timing, '%Y-%m-%d') AS timing)
FROM result_actions
WHERE $1::VARCHAR = '' OR list_contains(string_split($1::VARCHAR, ','), action)
ORDER BY line
LIMIT $2::INTEGER OFFSET $3::INTEGER
