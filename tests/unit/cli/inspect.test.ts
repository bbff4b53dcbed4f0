// `ciclo inspect`: the JSON it prints for real files (the demo, CDNOW, the Senate's CEAPS export), its
// errors and exit statuses, in process and once through the built command.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { demoHistory } from '../../fixtures/generate-demo.ts';

const DEMO = 'public/demo/ciclo-demo.csv';
const CDNOW = 'public/demo/cdnow_sample.csv';
// The Senate's CEAPS export: the repo's copy once the import fixtures land, else the shared original if present.
const CEAPS = ['tests/fixtures/import/despesa_ceaps_2022.csv', '../shared/data/ceaps-senado/despesa_ceaps_2022.csv'].find((f) => existsSync(f)) ?? '';

async function ciclo(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr, json: stdout.startsWith('{') ? JSON.parse(stdout) : null };
}

const scratch = mkdtempSync(join(tmpdir(), 'ciclo-inspect-'));
function scratchFile(name: string, content: string | Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

describe('ciclo inspect on the demo export', () => {
  const facts = demoHistory().facts;

  it('reports the Brazilian format, the mapping, the counts and the broken lines', async () => {
    const { code, json, stderr } = await ciclo('inspect', DEMO);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(Object.keys(json)).toEqual([
      'file', 'sizeBytes', 'encoding', 'hasBom', 'delimiter', 'quote', 'headerLine', 'preambleLines', 'decimalSeparator',
      'thousandsSeparator', 'dateFormat', 'headers', 'mapping', 'questions', 'notices', 'rowCount', 'rejectedCount',
      'rejected', 'rows',
    ]);
    expect(json).toMatchObject({
      file: DEMO,
      sizeBytes: readFileSync(DEMO).byteLength,
      encoding: 'utf-8',
      hasBom: true,
      delimiter: ';',
      headerLine: 1,
      decimalSeparator: ',',
      thousandsSeparator: '.',
      dateFormat: { order: 'dmy', pattern: 'dd/mm/yyyy' },
      questions: [],
      rowCount: facts.goodRows,
      rejectedCount: facts.badDateLines.length + facts.emptyCustomerLines.length,
    });
    expect(json.mapping).toMatchObject({ customer_id: 'Cliente', order_date: 'Data', amount: 'Valor Total', order_id: 'Pedido' });
    const rejectedLines = json.rejected.map((r: { line: number }) => r.line);
    expect(rejectedLines).toEqual([...facts.badDateLines, ...facts.emptyCustomerLines].sort((a, b) => a - b));
    const badDate = json.rejected.find((r: { line: number }) => r.line === facts.badDateLines[0]);
    expect(Object.keys(badDate)).toEqual(['line', 'column', 'value', 'reason', 'expected']);
    expect(badDate).toMatchObject({ column: 'Data', reason: 'IMPORT_BAD_DATE' });
    expect(json.rows).toHaveLength(20);
    expect(json.rows[0]).toMatchObject({ order_date: facts.firstDate, source_line: 2 });
  });

  it('lists at most --max-rejected lines but counts them all', async () => {
    const { json } = await ciclo('inspect', DEMO, '--max-rejected', '2');
    expect(json.rejected).toHaveLength(2);
    expect(json.rejectedCount).toBe(7);
  });

  it('reads another column as the customer with --map', async () => {
    const { json } = await ciclo('inspect', DEMO, '--map', 'customer_id=Nome do Cliente', '--max-rejected=0');
    expect(json.mapping.customer_id).toBe('Nome do Cliente');
    expect(json.rows[0].customer_id).not.toMatch(/^C\d{5}$/);
  });

  it('prints the same bytes every time', async () => {
    const first = await ciclo('inspect', CDNOW);
    const second = await ciclo('inspect', CDNOW);
    expect(second.stdout).toBe(first.stdout);
  });
});

describe('ciclo inspect on real public files', () => {
  it('reads the CDNOW sample: 6,919 purchases, ISO dates, dot decimals', async () => {
    const { code, json } = await ciclo('inspect', CDNOW);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      encoding: 'utf-8',
      hasBom: false,
      delimiter: ',',
      headerLine: 1,
      decimalSeparator: '.',
      dateFormat: { order: 'ymd', pattern: 'yyyy-mm-dd' },
      headers: ['customer_id', 'order_date', 'quantity', 'amount'],
      mapping: { customer_id: 'customer_id', order_date: 'order_date', amount: 'amount', quantity: 'quantity' },
      rowCount: 6919,
      rejectedCount: 0,
      rejected: [],
    });
    expect(json.rows[0]).toMatchObject({ customer_id: '1', order_date: '1997-01-01', quantity: 2, amount: 29.33, source_line: 2 });
  });

  it.skipIf(CEAPS === '')('reads the Senate CEAPS export: windows-1252, a preamble line, 7,043 records', async () => {
    const { code, json } = await ciclo(
      'inspect', CEAPS, '--map', 'customer_id=SENADOR', '--map', 'order_date=DATA', '--map', 'amount=VALOR_REEMBOLSADO',
    );
    expect(code).toBe(0);
    expect(json).toMatchObject({
      encoding: 'windows-1252',
      hasBom: false,
      delimiter: ';',
      headerLine: 2,
      preambleLines: ['"ULTIMA ATUALIZACAO";"18/06/2022 02:01"'],
      decimalSeparator: ',',
      dateFormat: { order: 'dmy', pattern: 'dd/mm/yyyy' },
    });
    expect(json.headers).toHaveLength(11);
    expect(json.rowCount + json.rejectedCount).toBe(7043);
    // The four 2002 dates in a 2022 file are typos the import sets aside.
    const typos = json.rejected.filter((r: { value: string }) => r.value?.endsWith('/2002'));
    expect(typos).toHaveLength(4);
    for (const r of typos) expect(r.reason).toBe('IMPORT_IMPLAUSIBLE_DATE');
  });
});

describe('ciclo inspect questions and errors', () => {
  it('asks about dates that fit day/month and month/day, and says which it used', async () => {
    const file = scratchFile('ambiguous.csv', 'customer,date,amount\nA,01/02/2024,10.50\nB,03/04/2024,7\nA,05/06/2024,3\n');
    const { code, json } = await ciclo('inspect', file);
    expect(code).toBe(0);
    expect(json.questions.map((q: { code: string }) => q.code)).toContain('IMPORT_AMBIGUOUS_DATE');
    const q = json.questions.find((x: { code: string }) => x.code === 'IMPORT_AMBIGUOUS_DATE');
    expect(q.answeredWith).toContain(json.dateFormat.pattern);
    expect(json.rowCount).toBe(3);
  });

  it('answers the date question with --date-order', async () => {
    const file = scratchFile('ambiguous-mdy.csv', 'customer,date,amount\nA,01/02/2024,10.50\nB,03/04/2024,7\n');
    const { json } = await ciclo('inspect', file, '--date-order', 'mdy');
    expect(json.dateFormat).toEqual({ order: 'mdy', pattern: 'mm/dd/yyyy' });
    expect(json.rows[0].order_date).toBe('2024-01-02');
  });

  it('exits 1 with a located JSON error when the file is missing', async () => {
    const { code, json, stderr } = await ciclo('inspect', 'no/such/file.csv');
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(json.error).toMatchObject({ code: 'CLI_FILE_NOT_FOUND', file: 'no/such/file.csv' });
    expect(json.error.message).toContain('no/such/file.csv');
  });

  it('exits 1 on an empty file and on a spreadsheet', async () => {
    const empty = await ciclo('inspect', scratchFile('empty.csv', ''));
    expect(empty.code).toBe(1);
    expect(empty.json.error.code).toBe('IMPORT_EMPTY_FILE');
    const zip = new Uint8Array(2048);
    zip.set([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    const workbook = await ciclo('inspect', scratchFile('sales.xlsx', zip));
    expect(workbook.code).toBe(1);
    expect(workbook.json.error.code).toBe('IMPORT_SPREADSHEET_FILE');
  });

  it.each([
    [['inspect']],
    [['inspect', DEMO, CDNOW]],
    [['inspect', DEMO, '--frobnicate']],
    [['inspect', DEMO, '--date-order', 'dym']],
    [['inspect', DEMO, '--header-line', '0']],
    [['inspect', DEMO, '--map', 'colour=Cliente']],
    [['inspect', DEMO, '--map', 'customer_id=No Such Column']],
    [['analyse', DEMO]],
    [[]],
  ])('exits 2 with usage on stderr for %j', async (argv) => {
    const { code, stdout, stderr } = await ciclo(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: ciclo');
  });

  it('prints help on stdout with exit 0', async () => {
    const { code, stdout } = await ciclo('inspect', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('--date-order');
  });
});

describe('the built ciclo command', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', 'prepare'], { stdio: 'pipe' });
  }, 60_000);

  const run = (...args: string[]) => spawnSync(process.execPath, [resolve('bin/ciclo.mjs'), ...args], { encoding: 'utf8' });

  it('prints the same JSON as in process, with exit 0', async () => {
    const built = run('inspect', CDNOW);
    expect(built.status).toBe(0);
    expect(built.stdout).toBe((await ciclo('inspect', CDNOW)).stdout);
  });

  it('exits 1 for a missing file and 2 for a bad flag', () => {
    const missing = run('inspect', 'missing.csv');
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stdout).error.code).toBe('CLI_FILE_NOT_FOUND');
    const bad = run('inspect', CDNOW, '--delimiter', 'x');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--delimiter');
  });
});
