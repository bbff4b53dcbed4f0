// sql-lexer.ts: reads SQL text the way DuckDB's tokenizer splits it, so the notebook can tell a query from
// two statements (sql-cell.ts) and find the `$n` parameters of a built-in analysis (builtin.ts) without
// being fooled by what sits inside strings, quoted names or comments.

export type SqlTokenKind = 'comment' | 'string' | 'word' | 'parameter' | 'number' | 'semicolon' | 'other';

export interface SqlToken {
  kind: SqlTokenKind;
  /** Offsets in the text: `sql.slice(start, end)` is the token. */
  start: number;
  end: number;
}

const DOLLAR_TAG = /^\$[A-Za-z_]*\$/;

/**
 * The tokens of `sql`, whitespace left out: -- line comments and (nested) block comments; '…' strings (with
 * '' inside), E'…' strings (with \'), "…" names, $$…$$ and $tag$…$tag$ strings (all 'string'); words
 * (keywords and names, which may hold `$` and digits after their first letter, as `price$1`); parameters
 * `$1`, `$2`…; numbers (with forms such as 1e5, 1_000 and 1.5); `;`; and every other character on its own.
 * An unterminated string or comment runs to the end of the text.
 */
export function* sqlTokens(sql: string): Generator<SqlToken> {
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    const start = i;
    if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n') i++;
      yield { kind: 'comment', start, end: i };
    } else if (c === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') (depth++, (i += 2));
        else if (sql[i] === '*' && sql[i + 1] === '/') (depth--, (i += 2));
        else i++;
      }
      yield { kind: 'comment', start, end: Math.min(i, n) };
    } else if (c === "'" || c === '"') {
      const isEscape = c === "'" && i > 0 && /[eE]/.test(sql[i - 1]!) && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? ' ');
      i++;
      while (i < n) {
        if (isEscape && sql[i] === '\\') i += 2;
        else if (sql[i] === c && sql[i + 1] === c) i += 2;
        else if (sql[i] === c) break;
        else i++;
      }
      i = Math.min(i + 1, n);
      yield { kind: 'string', start, end: i };
    } else if (c === '$' && DOLLAR_TAG.test(sql.slice(i))) {
      const tag = DOLLAR_TAG.exec(sql.slice(i))![0];
      const close = sql.indexOf(tag, i + tag.length);
      i = close < 0 ? n : close + tag.length;
      yield { kind: 'string', start, end: i };
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      while (i < n && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[i]!)) i++;
      yield { kind: 'word', start, end: i };
    } else if (c === '$' && /[0-9]/.test(next ?? '')) {
      i++;
      while (i < n && /[0-9]/.test(sql[i]!)) i++;
      yield { kind: 'parameter', start, end: i };
    } else if (/[0-9]/.test(c)) {
      // So that `1$2` is not read as a parameter either.
      while (i < n && /[0-9A-Za-z_.$]/.test(sql[i]!)) i++;
      yield { kind: 'number', start, end: i };
    } else if (c === ';') {
      i++;
      yield { kind: 'semicolon', start, end: i };
    } else if (/\s/.test(c)) {
      i++;
    } else {
      i++;
      yield { kind: 'other', start, end: i };
    }
  }
}
