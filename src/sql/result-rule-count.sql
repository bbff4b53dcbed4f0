-- result-rule-count.sql: how many association rules result_rules holds.
-- input:  result_rules   params: none
-- output: one row: rules INTEGER
SELECT count(*)::INTEGER AS rules FROM result_rules
