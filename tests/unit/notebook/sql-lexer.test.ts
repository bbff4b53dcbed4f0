// The notebook's SQL tokens, written out by hand for texts that mix every kind.
import { describe, expect, it } from 'vitest';
import { sqlTokens } from '../../../src/notebook/sql-lexer.ts';

const kinds = (sql: string) => [...sqlTokens(sql)].map((t) => [t.kind, sql.slice(t.start, t.end)]);

describe('sqlTokens', () => {
  it('splits words, parameters, numbers, strings and punctuation, leaving whitespace out', () => {
    expect(kinds("SELECT price$1, $2 + 1e5 FROM \"my table\" WHERE a = 'it''s';")).toEqual([
      ['word', 'SELECT'],
      ['word', 'price$1'],
      ['other', ','],
      ['parameter', '$2'],
      ['other', '+'],
      ['number', '1e5'],
      ['word', 'FROM'],
      ['string', '"my table"'],
      ['word', 'WHERE'],
      ['word', 'a'],
      ['other', '='],
      ['string', "'it''s'"],
      ['semicolon', ';'],
    ]);
  });

  it('reads comments, E-strings and dollar-quoted text as one token each', () => {
    expect(kinds("-- $1 here\n/* a /* nested $2 */ b */ E'\\' $3' $tag$ $4 $tag$ $$x$$")).toEqual([
      ['comment', '-- $1 here'],
      ['comment', '/* a /* nested $2 */ b */'],
      ['word', 'E'],
      ['string', "'\\' $3'"],
      ['string', '$tag$ $4 $tag$'],
      ['string', '$$x$$'],
    ]);
  });

  it('runs an unterminated string or comment to the end of the text', () => {
    expect(kinds("SELECT 'open")).toEqual([['word', 'SELECT'], ['string', "'open"]]);
    expect(kinds('SELECT /* open')).toEqual([['word', 'SELECT'], ['comment', '/* open']]);
  });
});
