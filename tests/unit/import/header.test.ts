import { describe, expect, it } from 'vitest';
import { findHeaderLine, normalizeHeaders } from '../../../src/import/header';
import { readRecords } from '../../../src/import/records';

function headerLineOf(text: string, fieldCount: number): number | null {
  return findHeaderLine(readRecords(text, { delimiter: ';', quote: '"' }).records, fieldCount);
}

describe('findHeaderLine', () => {
  it('takes line 1 when the file starts with its header', () => {
    expect(headerLineOf('cliente;data;valor\nA;01/01/2024;1\n', 3)).toBe(1);
  });

  it('skips the CEAPS "last updated" preamble', () => {
    expect(headerLineOf('"ULTIMA ATUALIZACAO";"18/06/2022 02:01"\r\n"ANO";"MES";"SENADOR"\r\n"2022";"1";"A"\r\n', 3)).toBe(2);
  });

  it('skips title lines and blank lines above the header', () => {
    expect(headerLineOf('Vendas de março\n\nGerado em 01/04/2024\ncliente;data;valor\nA;01/03/2024;5\n', 3)).toBe(4);
  });

  it('skips a title padded to full width with empty cells, as spreadsheets save it', () => {
    expect(headerLineOf('Relatório;;;\n;;;\ncliente;data;valor;produto\nA;01/03/2024;5;x\n', 4)).toBe(3);
  });

  it('accepts a header with a few blank names', () => {
    expect(headerLineOf('cliente;;valor;\nA;x;5;y\n', 4)).toBe(1);
  });

  it('finds nothing when no record is wide enough', () => {
    expect(headerLineOf('a\nb\n', 3)).toBeNull();
  });
});

describe('normalizeHeaders', () => {
  it('trims names and names blank columns by position', () => {
    expect(normalizeHeaders([' cliente ', '', 'valor', '  '])).toEqual({
      headers: ['cliente', 'column 2', 'valor', 'column 4'],
      duplicates: [],
    });
  });

  it('numbers repeated names so every column can be told apart', () => {
    expect(normalizeHeaders(['valor', 'data', 'Valor', 'valor', 'valor (2)'])).toEqual({
      headers: ['valor', 'data', 'Valor (3)', 'valor (4)', 'valor (2)'],
      duplicates: ['Valor', 'valor'],
    });
  });

  it('drops a stray byte-order mark from the first name', () => {
    expect(normalizeHeaders(['\uFEFFcustomer', 'date']).headers).toEqual(['customer', 'date']);
  });
});
