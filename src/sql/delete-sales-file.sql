-- delete-sales-file.sql: forgets every row one append brought in (to undo a bad file, keeping the others).
-- input:  sales   params: $1 source_file VARCHAR
-- output: Count BIGINT (rows deleted)
DELETE FROM sales WHERE source_file = $1::VARCHAR
