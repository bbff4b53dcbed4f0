// What a SQL cell sends to DuckDB. A cell holds one query (SELECT, WITH, FROM-first, VALUES, PIVOT…);
// its result is kept as a temporary table named after the cell, so later cells can read it
// (`FROM revenue_per_month`) and the grid can page through it without running the query again.
// Anything else (INSERT, DROP, SET, ATTACH, two statements…) is refused before it reaches DuckDB, so a
// notebook can never change the imported sales or the database's settings.
import { nameProblem, type Notebook } from './model.ts';
import { sqlTokens } from './sql-lexer.ts';

export type QueryProblem = 'empty' | 'several_statements' | 'not_a_query';

/** First words a query may start with; `(` for a parenthesised query. */
const QUERY_STARTS: ReadonlySet<string> = new Set(['select', 'with', 'from', 'values', 'table', 'pivot', 'unpivot', 'summarize', 'describe', '(']);

/** The query without comments, strings and quoted names: what `checkQuery` reads. */
interface Scan {
  /** Offset just past the last meaningful character of the first statement. */
  end: number;
  /** Meaningful characters after the first statement's `;` (a second statement). */
  hasMore: boolean;
  /** First word of the first statement, lower-cased ('' for none). */
  firstWord: string;
}

/** Where the first statement of `sql` ends, whether more follows, and its first word (sql-lexer.ts reads it). */
function scan(sql: string): Scan {
  let end = 0;
  let firstWord = '';
  let inStatement = true;
  let hasMore = false;
  for (const token of sqlTokens(sql)) {
    if (token.kind === 'comment') continue;
    if (token.kind === 'semicolon') {
      inStatement = false;
    } else if (!inStatement) {
      hasMore = true;
    } else {
      end = token.end;
      if (firstWord === '') {
        const word = /^[A-Za-z_]+|^\(/.exec(sql.slice(token.start));
        firstWord = word ? word[0].toLowerCase() : sql[token.start]!;
      }
    }
  }
  return { end, hasMore, firstWord };
}

/** Why `sql` cannot be a cell's query (null when it can). */
export function queryProblem(sql: string): QueryProblem | null {
  const { firstWord, hasMore } = scan(sql);
  if (firstWord === '') return 'empty';
  if (hasMore) return 'several_statements';
  if (!QUERY_STARTS.has(firstWord)) return 'not_a_query';
  return null;
}

/** The identifier in double quotes (names are already checked, so this is belt and braces). */
export function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The statement that runs a cell and keeps its result as `temp.<name>`. The prefix stays on the query's
 * first line, so the `LINE n` of DuckDB's errors is the line of the cell; the first statement's trailing
 * `;` (and any comment after it) is cut. Throws when the name or the query is not allowed.
 */
export function materialiseSql(notebook: Notebook, cellId: string, name: string, sql: string): { sql: string; prefixLength: number } {
  const problem = nameProblem(notebook, cellId, name);
  if (problem) throw new Error(`"${name}" cannot name a result (${problem})`);
  const queryIssue = queryProblem(sql);
  if (queryIssue) throw new Error(`a cell must hold one query (${queryIssue})`);
  const body = sql.slice(0, scan(sql).end);
  const prefix = `CREATE OR REPLACE TEMP TABLE ${quoteName(name)} AS `;
  // A line comment at the very end would swallow nothing (the query ends there), but a newline keeps it harmless.
  return { sql: `${prefix}${body}\n`, prefixLength: prefix.length };
}

export function dropResultSql(name: string): string {
  return `DROP TABLE IF EXISTS temp.main.${quoteName(name)}`;
}

/** A DuckDB error as the cell shows it: the message, and the line and column in the cell's text. */
export interface SqlErrorPlace {
  message: string;
  line?: number;
  column?: number;
}

/**
 * Splits DuckDB's error text (`Binder Error: … \n\nLINE 2:  from sales wher a = 1\n      ^`) into the
 * message and the place. On line 1 the column discounts the `CREATE … AS ` prefix Ciclo added.
 */
export function locateSqlError(raw: string, prefixLength: number): SqlErrorPlace {
  const text = raw.replace(/^EngineError:\s*/, '');
  const match = /\n?LINE (\d+):( ?)(.*)\n(\s*)\^/.exec(text);
  const message = text.split(/\n\s*\nLINE \d+:|\nLINE \d+:/)[0]!.trim();
  if (!match) return { message };
  const line = Number(match[1]);
  const label = `LINE ${match[1]}:${match[2]}`.length;
  let column = match[4]!.length - label + 1;
  if (line === 1) column -= prefixLength;
  return column >= 1 ? { message, line, column } : { message, line };
}

/** Tables and columns for the editor's completion, read from DuckDB's information_schema. */
export const SCHEMA_COLUMNS_SQL = `SELECT table_name, column_name FROM information_schema.columns
WHERE table_schema NOT IN ('information_schema', 'pg_catalog') ORDER BY table_name, ordinal_position`;

/** `{ sales: ['customer_id', …], revenue_per_month: ['month', 'revenue'] }` from SCHEMA_COLUMNS_SQL rows. */
export function schemaOf(rows: readonly { table_name: unknown; column_name: unknown }[]): Record<string, string[]> {
  const schema: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const row of rows) {
    const table = String(row.table_name);
    (schema[table] ??= []).push(String(row.column_name));
  }
  return schema;
}

/** The columns of a cell's result and their DuckDB types. */
export const RESULT_COLUMNS_SQL = `SELECT column_name, data_type FROM information_schema.columns
WHERE table_catalog = 'temp' AND table_name = $1 ORDER BY ordinal_position`;

export function resultPageSql(name: string): string {
  return `SELECT * FROM temp.main.${quoteName(name)} LIMIT $1 OFFSET $2`;
}

export function resultCountSql(name: string): string {
  return `SELECT count(*)::INTEGER AS n FROM temp.main.${quoteName(name)}`;
}
