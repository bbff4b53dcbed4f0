import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { exportFileName, plainNumber, toCsv, type CsvPreset, type ExportTable } from '../../../src/export/index';

// Names a hostile or careless user could type into the ERP, each of which a spreadsheet would run as a
// formula if it reached a cell unchanged; and one honest name with the delimiter and quotes inside.
const HOSTILE = ['=HYPERLINK("http://x","click")', '+1+1', '-2+3', '@SUM(A1)', '\tTab', '\rCR'];
const HONEST = 'Café "São João"; Ltda';

const TABLE: ExportTable = {
  columns: [
    { key: 'customer', header: 'Cliente', type: 'text' },
    { key: 'offer', header: 'Oferta', type: 'text' },
    { key: 'valueAtStake', header: 'Valor em jogo', type: 'money' },
    { key: 'priority', header: 'Prioridade', type: 'number' },
    { key: 'due', header: 'Quando', type: 'date' },
    { key: 'pAlive', header: 'P(ativo)', type: 'percent' },
  ],
  rows: [
    ...HOSTILE.map((customer, i) => ({
      customer,
      offer: `Açúcar Orgânico ${i}`,
      valueAtStake: 1234.5,
      priority: -2.25,
      due: '2024-06-30',
      pAlive: 0.683,
    })),
    { customer: HONEST, offer: null, valueAtStake: 1234567.891, priority: 1e-7, due: undefined, pAlive: 1 },
  ],
};

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

function parse(bytes: Uint8Array, delimiter: string): string[][] {
  const text = decode(bytes).replace(/^\uFEFF/, '');
  const result = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  return result.data;
}

describe('toCsv with the "Excel (pt/es/it)" preset', () => {
  const bytes = toCsv(TABLE, 'excel_eu');
  const text = decode(bytes);

  it('starts with a UTF-8 byte order mark and ends every line with CRLF', () => {
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // 1 header + 7 rows; the CR inside the quoted "\rCR" field is not followed by LF.
    expect(text.split('\r\n')).toHaveLength(1 + 7 + 1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '').includes('\n')).toBe(false);
  });

  it('separates with semicolons and writes decimal commas without thousands separators', () => {
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Cliente;Oferta;Valor em jogo;Prioridade;Quando;P(ativo)');
    expect(lines[2]).toBe("'+1+1;Açúcar Orgânico 1;1234,5;-2,25;2024-06-30;0,683");
    // Money is rounded to cents; 1e-7 is written out, never in exponent notation; missing values are empty.
    expect(lines[7]).toBe('"Café ""São João""; Ltda";;1234567,89;0,0000001;;1');
  });

  it('neutralises every hostile name with a leading apostrophe and reads back as the same text', () => {
    const rows = parse(bytes, ';');
    expect(rows).toHaveLength(8);
    expect(rows.slice(1, 7).map((row) => row[0])).toEqual([
      '\'=HYPERLINK("http://x","click")',
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tTab",
      "'\rCR",
    ]);
    expect(rows[7]![0]).toBe(HONEST);
    // A negative number is a number, never neutralised.
    expect(rows[1]![3]).toBe('-2,25');
    expect(rows.every((row) => row.every((cell) => !/^[=+\-@\t\r]/.test(cell) || cell === '-2,25'))).toBe(true);
  });
});

describe('toCsv with the "Standard" preset', () => {
  const bytes = toCsv(TABLE, 'standard');
  const text = decode(bytes);

  it('has no byte order mark, LF line ends, commas and dot decimals', () => {
    expect(bytes[0]).toBe('C'.charCodeAt(0));
    expect(text.includes('\r\n')).toBe(false);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Cliente,Oferta,Valor em jogo,Prioridade,Quando,P(ativo)');
    expect(lines[1]).toBe('"\'=HYPERLINK(""http://x"",""click"")",Açúcar Orgânico 0,1234.5,-2.25,2024-06-30,0.683');
    // The semicolon needs no quoting here; the quotes inside do.
    expect(lines.at(-2)).toBe('"Café ""São João""; Ltda",,1234567.89,0.0000001,,1');
    expect(lines.at(-1)).toBe('');
  });

  it('reads back with the same values as the Excel preset, decimal separator aside', () => {
    const standard = parse(bytes, ',');
    const excel = parse(toCsv(TABLE, 'excel_eu'), ';');
    expect(standard.map((row) => row.map((cell) => cell.replace(/^(-?\d+),(\d+)$/, '$1.$2')))).toEqual(
      excel.map((row) => row.map((cell) => cell.replace(/^(-?\d+),(\d+)$/, '$1.$2'))),
    );
    expect(standard[1]![2]).toBe('1234.5');
  });
});

describe('toCsv cell rules', () => {
  const oneRow = (type: ExportTable['columns'][number]['type'], value: unknown, preset: CsvPreset = 'standard') =>
    decode(toCsv({ columns: [{ key: 'x', header: 'x', type }], rows: [{ x: value }] }, preset)).split('\n')[1];

  it('neutralises a hostile header too', () => {
    const csv = decode(toCsv({ columns: [{ key: 'x', header: '=cmd|"/c calc"!A1', type: 'text' }], rows: [] }, 'standard'));
    expect(csv).toBe('"\'=cmd|""/c calc""!A1"\n');
  });

  it('keeps a number in a text column a number, and a string in a money column neutralised text', () => {
    expect(oneRow('text', -5)).toBe('-5');
    expect(oneRow('money', '=1+1')).toBe("'=1+1");
    expect(oneRow('money', 0.1 + 0.2)).toBe('0.3');
    expect(oneRow('money', -0.001)).toBe('0');
  });

  it('writes dates as ISO days from strings, timestamps, Date objects and day counts', () => {
    expect(oneRow('date', '2024-02-29')).toBe('2024-02-29');
    expect(oneRow('date', '2024-02-29T23:59:00Z')).toBe('2024-02-29');
    expect(oneRow('date', new Date(Date.UTC(2024, 1, 29)))).toBe('2024-02-29');
    expect(oneRow('date', 19_782)).toBe('2024-02-29'); // 54 years × 365 + 13 leap days + 59 days
    expect(oneRow('date', '2023-02-29')).toBe('2023-02-29'); // not a calendar day: kept as text
    expect(oneRow('date', '-2024-01-01')).toBe("'-2024-01-01");
  });

  it('leaves NaN and infinities empty, quoted in a one-column file so the line is not lost', () => {
    expect(oneRow('number', Number.NaN)).toBe('""');
    expect(oneRow('number', Infinity)).toBe('""');
    expect(oneRow('text', null)).toBe('""');
  });

  it('rejects an unknown preset, duplicate keys and no columns', () => {
    expect(() => toCsv(TABLE, 'excel' as CsvPreset)).toThrow('CSV preset must be one of excel_eu, standard, got "excel"');
    expect(() =>
      toCsv({ columns: [TABLE.columns[0]!, TABLE.columns[0]!], rows: [] }, 'standard'),
    ).toThrow('column keys must be unique, got "customer" twice');
    expect(() => toCsv({ columns: [], rows: [] }, 'standard')).toThrow('at least one column');
  });
});

describe('plainNumber', () => {
  it('writes the shortest round-trip decimal without exponents', () => {
    expect(plainNumber(1234.5)).toBe('1234.5');
    expect(plainNumber(1e-7)).toBe('0.0000001');
    expect(plainNumber(-1.25e-8)).toBe('-0.0000000125');
    expect(plainNumber(1.5e21)).toBe('1500000000000000000000');
    expect(plainNumber(1.2345e22)).toBe('12345000000000000000000');
    for (const value of [1e-7, -3.14159e-12, 6.02e23, 2 ** 70]) expect(Number(plainNumber(value))).toBe(value);
  });
});

describe('exportFileName', () => {
  it('dates the file and picks the extension from the format', () => {
    expect(exportFileName('ações', 'excel_eu', '2024-06-30')).toBe('ações-2024-06-30.csv');
    expect(exportFileName('actions', 'standard', '2024-06-30')).toBe('actions-2024-06-30.csv');
    expect(exportFileName('Key accounts', 'xlsx', '2024-06-30')).toBe('Key-accounts-2024-06-30.xlsx');
  });

  it('replaces characters that file systems refuse', () => {
    expect(exportFileName('a/b\\c:d*e?"f"<g>|h\u0000', 'standard', '2024-06-30')).toBe('a-b-c-d-e-f-g-h-2024-06-30.csv');
    expect(exportFileName('../..', 'xlsx', '2024-06-30')).toBe('2024-06-30.xlsx');
  });

  it('rejects a date that is not ISO', () => {
    expect(() => exportFileName('x', 'xlsx', '30/06/2024')).toThrow('date must be an ISO date YYYY-MM-DD, got "30/06/2024"');
  });
});
