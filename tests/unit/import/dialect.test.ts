import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectQuote, modalFieldCount, readSepLine } from '../../../src/import/dialect';

describe('detectDelimiter', () => {
  const cases: Array<[name: string, text: string, delimiter: string, fieldCount: number]> = [
    ['commas', 'customer,date,amount\nA,2024-01-01,10.5\nB,2024-01-02,7\n', ',', 3],
    ['semicolons with decimal commas', 'cliente;data;valor\nA;05/03/2024;10,5\nB;06/03/2024;7,25\n', ';', 3],
    ['tabs', 'customer\tdate\tamount\nA\t2024-01-01\t1,234.50\n', '\t', 3],
    ['pipes', 'customer|date|amount\nA|2024-01-01|10\nB|2024-01-02|11\n', '|', 3],
    ['commas inside quoted cells', 'name,city,amount\n"Silva, Ana","Rio, RJ",10\n"Souza, Bia","SP, SP",12\n', ',', 3],
    ['semicolons inside quoted cells', 'a;b\n"x;y";1\n"z;w";2\n', ';', 2],
    ['a quoted cell with a line break', 'customer,note,amount\nA,"two\nlines",1\nB,one,2\n', ',', 3],
    ['CR-only line endings', 'a;b;c\r1;2;3\r4;5;6\r', ';', 3],
    ['a title line above the header', '"Report 2024"\ncliente;data;valor\nA;01/02/2024;5\nB;01/02/2024;6\n', ';', 3],
    ['the CEAPS preamble', '"ULTIMA ATUALIZACAO";"18/06/2022 02:01"\r\n"ANO";"MES";"SENADOR"\r\n"2022";"1";"A"\r\n"2022";"1";"B"\r\n', ';', 3],
    ['commas that are decimals, not delimiters', 'a;b;c\nx;1,5;y\nz;2,5;w\n', ';', 3],
  ];
  it.each(cases)('finds the delimiter with %s', (_, text, delimiter, fieldCount) => {
    expect(detectDelimiter(text, '"')).toMatchObject({ delimiter, fieldCount });
  });

  it('finds nothing in a one-column file', () => {
    expect(detectDelimiter('customer\nA\nB\n', '"')).toBeNull();
  });

  it('skips the sep= line it is told to skip', () => {
    expect(detectDelimiter('sep=;\na;b\n1;2\n', '"', 1)).toMatchObject({ delimiter: ';', consistency: 1 });
  });
});

describe('readSepLine', () => {
  it.each([
    ['sep=;', ';'],
    ['sep=,', ','],
    ['SEP=|', '|'],
    ['sep=\t', '\t'],
    [' sep = ; ', ';'],
    ['sep=x', null],
    ['separator=;', null],
    ['a;b;c', null],
  ])('reads %j as %j', (line, expected) => {
    expect(readSepLine(line)).toBe(expected);
  });
});

describe('detectQuote', () => {
  it('keeps the double quote by default and for double-quoted files', () => {
    expect(detectQuote('a,b\n1,2\n')).toBe('"');
    expect(detectQuote('"a";"b"\n"1";"2"\n')).toBe('"');
  });

  it("picks ' when cells are wrapped in it", () => {
    expect(detectQuote("'customer','date','amount'\n'Silva, Ana','2024-01-01','10'\n")).toBe("'");
  });

  it('is not fooled by apostrophes inside names', () => {
    expect(detectQuote("customer,amount\nO'Brien,10\nD'Angelo,12\n")).toBe('"');
  });
});

describe('modalFieldCount', () => {
  it('prefers the most common width, then the wider one', () => {
    expect(modalFieldCount([2, 11, 11, 11])).toBe(11);
    expect(modalFieldCount([3, 3, 4, 4])).toBe(4);
  });
});
