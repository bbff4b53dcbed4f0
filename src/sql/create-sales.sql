-- create-sales.sql: the table of canonical sales lines every analysis reads (empties it if it exists).
-- input: none   params: none
-- output: none
CREATE OR REPLACE TABLE sales (
  customer_id VARCHAR NOT NULL,
  order_date DATE NOT NULL,
  amount DOUBLE NOT NULL,
  quantity DOUBLE,
  unit_price DOUBLE,
  cost DOUBLE,
  order_id VARCHAR,
  product VARCHAR,
  category VARCHAR,
  channel VARCHAR,
  salesperson VARCHAR,
  customer_name VARCHAR,
  region VARCHAR,
  source_file VARCHAR NOT NULL,
  source_line INTEGER NOT NULL
)
