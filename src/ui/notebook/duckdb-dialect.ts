// DuckDB's flavour of SQL for the editor: PostgreSQL's dialect (DuckDB follows its syntax) plus the words
// DuckDB adds (FROM-first queries, QUALIFY, PIVOT, ASOF joins, SUMMARIZE, EXCLUDE/REPLACE…), its types
// and its most used functions, so they are highlighted and completed.
// Keyword list after https://duckdb.org/docs/sql/query_syntax/select and the function reference.
import { PostgreSQL, SQLDialect } from '@codemirror/lang-sql';

const DUCKDB_KEYWORDS =
  'qualify pivot unpivot pivot_longer pivot_wider summarize describe exclude replace columns asof positional anti semi ' +
  'sample tablesample using by all ilike glob similar struct map union list lambda macro install load attach detach ' +
  'recursive materialized window filter within group grouping sets cube rollup nulls first last';

const DUCKDB_TYPES =
  'boolean tinyint smallint integer bigint hugeint utinyint usmallint uinteger ubigint uhugeint float double decimal ' +
  'varchar blob date time timestamp timestamptz interval uuid json list struct map union enum bit';

const DUCKDB_FUNCTIONS =
  'date_trunc date_part date_diff datediff date_add strftime strptime make_date epoch year month quarter week ' +
  'dayofweek isodow last_day current_date today now age sum avg count min max median mode quantile quantile_cont ' +
  'quantile_disc stddev stddev_samp variance corr covar_pop regr_slope regr_intercept arg_max arg_min first last ' +
  'list string_agg array_agg approx_count_distinct histogram any_value bool_and bool_or count_if ' +
  'row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value ' +
  'round floor ceil abs ln log log10 exp power sqrt greatest least coalesce nullif ifnull if ' +
  'lower upper trim ltrim rtrim length substr substring left right concat concat_ws replace regexp_matches ' +
  'regexp_replace regexp_extract split_part string_split starts_with ends_with contains strip_accents ' +
  'list_value list_sum list_distinct unnest generate_series range try_cast typeof';

export const DuckDB: SQLDialect = SQLDialect.define({
  ...PostgreSQL.spec,
  keywords: `${PostgreSQL.spec.keywords ?? ''} ${DUCKDB_KEYWORDS}`,
  types: `${PostgreSQL.spec.types ?? ''} ${DUCKDB_TYPES}`,
  builtin: `${PostgreSQL.spec.builtin ?? ''} ${DUCKDB_FUNCTIONS}`,
});
