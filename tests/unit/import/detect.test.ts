import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/import/index';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('detect', () => {
  it('proposes settings, headers, mapping and a preview sample for a plain export', () => {
    const detection = detect(utf8('customer,date,amount\nA,2024-03-05,10.50\nB,2024-03-06,"1,234.00"\n'), 'sales.csv');
    expect(detection).toEqual({
      settings: { encoding: 'utf-8', hasBom: false, delimiter: ',', quote: '"', headerLine: 1, decimal: '.', thousands: ',', dateOrder: 'ymd' },
      headers: ['customer', 'date', 'amount'],
      mapping: { customer_id: 0, order_date: 1, amount: 2 },
      preambleLines: [],
      sampleRows: [
        ['A', '2024-03-05', '10.50'],
        ['B', '2024-03-06', '1,234.00'],
      ],
      sampleLines: [2, 3],
      questions: [],
      fatal: null,
    });
  });

  it('keeps at most 20 sample rows, with their physical lines', () => {
    const text = 'c;d;v\n' + Array.from({ length: 30 }, (_, i) => `C${i};"1\n2";${i}\n`).join('');
    const detection = detect(utf8(text), 'f.csv');
    expect(detection.sampleRows).toHaveLength(20);
    expect(detection.sampleLines).toEqual(Array.from({ length: 20 }, (_, i) => 2 + 2 * i));
  });

  it('reads an Excel sep= first line as the delimiter and skips it', () => {
    const detection = detect(utf8('sep=;\r\ncliente;data;valor\r\nA;13/03/2024;1,5\r\n'), 'f.csv');
    expect(detection.settings).toMatchObject({ delimiter: ';', headerLine: 2, dateOrder: 'dmy', decimal: ',' });
    expect(detection.preambleLines).toEqual(['sep=;']);
  });

  it('skips title lines above the header and keeps them for the wizard', () => {
    const detection = detect(utf8('Vendas 2024\nLoja Centro\n\ncliente;data;valor\nA;13/03/2024;1,5\n'), 'f.csv');
    expect(detection.settings.headerLine).toBe(4);
    expect(detection.preambleLines).toEqual(['Vendas 2024', 'Loja Centro', '']);
    expect(detection.sampleLines).toEqual([5]);
  });

  it('asks which date order is meant when every date fits both, proposing dmy for ; files', () => {
    const detection = detect(utf8('cliente;data;valor\nA;01/02/2024;1,5\nB;03/04/2024;2\n'), 'f.csv');
    expect(detection.settings.dateOrder).toBe('dmy');
    expect(detection.questions).toEqual([
      {
        code: 'IMPORT_AMBIGUOUS_DATE',
        file: 'f.csv',
        column: 'data',
        value: '01/02/2024',
        expected: 'date dd/mm/yyyy or mm/dd/yyyy',
        params: { examples: '01/02/2024, 03/04/2024', defaultOrder: 'dmy' },
      },
    ]);
  });

  it('proposes mdy for ambiguous dates in a comma file with decimal points', () => {
    const detection = detect(utf8('customer,date,amount\nA,01/02/2024,1.5\n'), 'f.csv');
    expect(detection.settings.dateOrder).toBe('mdy');
    expect(detection.questions[0]?.params?.defaultOrder).toBe('mdy');
  });

  it('asks nothing once the user has pinned the date order', () => {
    const detection = detect(utf8('cliente;data;valor\nA;01/02/2024;1,5\n'), 'f.csv', { dateOrder: 'mdy' });
    expect(detection.settings.dateOrder).toBe('mdy');
    expect(detection.questions).toEqual([]);
  });

  it('re-detects headers and mapping around a delimiter the user pinned', () => {
    const text = 'nome;cliente,data,valor\nAna;A,2024-03-13,1.5\n';
    expect(detect(utf8(text), 'f.csv')).toMatchObject({ settings: { delimiter: ',' }, headers: ['nome;cliente', 'data', 'valor'] });
    expect(detect(utf8(text), 'f.csv', { delimiter: ';' })).toMatchObject({
      settings: { delimiter: ';' },
      headers: ['nome', 'cliente,data,valor'],
      sampleRows: [['Ana', 'A,2024-03-13,1.5']],
    });
  });

  it('keeps a pinned header line and decimal mark', () => {
    const detection = detect(utf8('x;y;z\ncliente;data;valor\nA;13/03/2024;1.234\n'), 'f.csv', { headerLine: 2, decimal: '.' });
    expect(detection.settings).toMatchObject({ headerLine: 2, decimal: '.', thousands: ',' });
    expect(detection.headers).toEqual(['cliente', 'data', 'valor']);
  });

  it('refuses a date column that reads in no known format', () => {
    const detection = detect(utf8('customer,date,amount\nA,March 5 2024,1\nB,April 1 2024,2\n'), 'f.csv');
    expect(detection.fatal).toEqual({
      code: 'IMPORT_UNKNOWN_DATE_FORMAT',
      file: 'f.csv',
      line: 2,
      column: 'date',
      value: 'March 5 2024',
      expected: 'date yyyy-mm-dd, dd/mm/yyyy or mm/dd/yyyy',
      params: { examples: 'March 5 2024, April 1 2024' },
    });
  });

  it('reports duplicate header names as a notice and renames them', () => {
    const detection = detect(utf8('cliente;valor;data;valor\nA;1;13/03/2024;2\n'), 'f.csv');
    expect(detection.headers).toEqual(['cliente', 'valor', 'data', 'valor (2)']);
    expect(detection.notices).toEqual([{ code: 'IMPORT_DUPLICATE_HEADER', file: 'f.csv', line: 1, column: 'valor' }]);
    expect(detection.fatal).toBeNull();
  });

  it('removes NUL bytes and says so', () => {
    const bytes = utf8('customer,date,amount\nA,2024-03-05,1\n');
    const withNuls = Uint8Array.from([...bytes.subarray(0, 5), 0, ...bytes.subarray(5, 30), 0, 0, ...bytes.subarray(30)]);
    const detection = detect(withNuls, 'f.csv');
    expect(detection.headers).toEqual(['customer', 'date', 'amount']);
    expect(detection.notices).toEqual([{ code: 'IMPORT_NUL_BYTES_REMOVED', file: 'f.csv', params: { nulBytes: 3 } }]);
  });

  describe('whole-file problems', () => {
    it.each([
      ['an empty file', new Uint8Array(0), 'IMPORT_EMPTY_FILE'],
      ['only a BOM', Uint8Array.from([0xef, 0xbb, 0xbf]), 'IMPORT_EMPTY_FILE'],
      ['only whitespace', utf8(' \r\n\t\r\n'), 'IMPORT_EMPTY_FILE'],
      ['a header only', utf8('customer,date,amount\r\n'), 'IMPORT_NO_DATA_ROWS'],
      ['one column', utf8('customer\nA\nB\n'), 'IMPORT_NO_DELIMITER'],
      ['an unterminated quote', utf8('customer,date,amount\nA,"2024-01-01,1\nB,2024-01-02,2\n'), 'IMPORT_UNTERMINATED_QUOTE'],
      ['an .xlsx', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'IMPORT_SPREADSHEET_FILE'],
      ['an .xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'IMPORT_SPREADSHEET_FILE'],
      ['UTF-32', Uint8Array.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]), 'IMPORT_UNSUPPORTED_ENCODING'],
    ])('refuses %s', (_, bytes, code) => {
      const detection = detect(bytes, 'f.csv');
      expect(detection.fatal?.code).toBe(code);
      expect(detection.fatal?.file).toBe('f.csv');
    });

    it('locates the unterminated quote and the missing rows', () => {
      expect(detect(utf8('customer,date,amount\nA,"2024-01-01,1\nB,2024-01-02,2\n'), 'f.csv').fatal?.line).toBe(2);
      expect(detect(utf8('Report\r\ncustomer;date;amount\r\n'), 'f.csv').fatal).toEqual({ code: 'IMPORT_NO_DATA_ROWS', file: 'f.csv', line: 2 });
    });
  });

  describe('on a head sample of a bigger file', () => {
    it('ignores the record cut at the end of the sample, even inside a quote', () => {
      const detection = detect(utf8('customer,date,amount\nA,2024-01-01,1\nB,2024-01-02,"1'), 'big.csv', {}, false);
      expect(detection.fatal).toBeNull();
      expect(detection.sampleRows).toEqual([['A', '2024-01-01', '1']]);
    });

    it('does not call a header without rows in the sample a header-only file', () => {
      expect(detect(utf8('customer,date,amount\n'), 'big.csv', {}, false).fatal).toBeNull();
    });
  });
});

describe('detect: number format', () => {
  it.each([
    ['a ; file', 'cliente;data;valor\nA;2024-03-05;1,234\nB;2024-03-06;2,500\n', ','],
    ['a comma file', 'customer,date,amount\nA,2024-03-05,"1,234"\nB,2024-03-06,"2,500"\n', '.'],
    ['R$ values', 'customer\tdate\tamount\nA\t2024-03-05\tR$ 1,234\n', ','],
    ['a tab file with day-first dates', 'customer\tdate\tamount\nA\t25/03/2024\t1,234\n', ','],
    ['a tab file with ISO dates', 'customer\tdate\tamount\nA\t2024-03-25\t1,234\n', '.'],
    ['decisive values elsewhere in the column', 'cliente;data;valor\nA;2024-03-05;1,234\nB;2024-03-06;2,500.75\n', '.'],
  ])('reads an ambiguous 1,234 from %s with decimal %j', (_, text, decimal) => {
    expect(detect(new TextEncoder().encode(text), 'f.csv').settings.decimal).toBe(decimal);
  });
});

describe('detect on a file sorted by date', () => {
  // A year of daily lines, sorted by date: the first megabyte holds only early-month days (≤ 12), so
  // the head alone fits both day-first and month-first; the file's last lines do not.
  const lines = ['cliente,data,valor'];
  for (let month = 1; month <= 12; month++) {
    for (let day = 1; day <= 28; day++) {
      const date = `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/2024`;
      for (let i = 0; i < 400; i++) lines.push(`C${(i * 7919) % 5000},${date},${(i % 97) + 0.5}`);
    }
  }
  const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
  const head = bytes.subarray(0, 1024 * 1024);

  it('asks day-first or month-first when it sees only the head', () => {
    const detection = detect(head, 'sorted.csv', {}, false);
    expect(detection.questions.map((q) => q.code)).toEqual(['IMPORT_AMBIGUOUS_DATE']);
  });

  it('settles the date order from the tail of the file instead of asking', () => {
    const detection = detect(head, 'sorted.csv', {}, false, bytes.subarray(bytes.length - 256 * 1024));
    expect(detection.questions).toEqual([]);
    expect(detection.settings.dateOrder).toBe('dmy');
  });

  it('ignores a cut first line and foreign-shaped lines in the tail', () => {
    const tail = new TextEncoder().encode('3/2024,1.5\n"broken\nC1,31/12/2024,2.5\n');
    const detection = detect(head, 'sorted.csv', {}, false, tail);
    expect(detection.settings.dateOrder).toBe('dmy');
    expect(detection.questions).toEqual([]);
  });
});
