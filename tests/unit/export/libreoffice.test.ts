// Round trips of Ciclo's exports through LibreOffice Calc, the spreadsheet many of our users open them in:
// the XLSX is converted to CSV and the "Excel (pt/es/it)" CSV to XLSX by `soffice --headless --convert-to`,
// and the values must come back as we wrote them (text as text with its apostrophe, numbers as numbers,
// dates as dates, no formula anywhere). Runs only where LibreOffice is installed; otherwise it is reported
// as skipped, with the reason in its name.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as XLSX from '@e965/xlsx';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { toCsv, toXlsx, type ExportTable } from '../../../src/export/index';

const office = ['libreoffice', 'soffice'].find(
  (command) => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0,
);
const WHY_SKIPPED = office
  ? ''
  : ' [skipped: neither libreoffice nor soffice is on PATH; on Debian: apt-get install -y libreoffice-calc-nogui]';

const HOSTILE = ['=HYPERLINK("http://x","click")', '+1+1', '-2+3', '@SUM(A1)', '\tTab', '\rCR'];
const NAMES = [...HOSTILE, 'Café "São João"; Ltda'];

const TABLE: ExportTable = {
  columns: [
    { key: 'customer', header: 'Cliente', type: 'text' },
    { key: 'valueAtStake', header: 'Valor em jogo', type: 'money' },
    { key: 'priority', header: 'Prioridade', type: 'number' },
    { key: 'due', header: 'Quando', type: 'date' },
    { key: 'pAlive', header: 'P(ativo)', type: 'percent' },
  ],
  rows: NAMES.map((customer) => ({ customer, valueAtStake: 1234.5, priority: -2.25, due: '2024-06-30', pAlive: 0.683 })),
};

// 2024-06-30 as an Excel serial: 2024-01-01 is 45292, and 30 June is 181 days later.
const SERIAL_2024_06_30 = 45_292 + 181;

/** LibreOffice may keep a lone CR as a line feed; either way the break must survive. */
const lineBreaksAsOne = (text: string) => text.replace(/\r\n|\r|\n/g, '⏎');

const work = mkdtempSync(join(tmpdir(), 'ciclo-libreoffice-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs one conversion with a private profile (so parallel runs don't share a lock) in the C locale (en-US). */
function convert(input: string, target: string, inFilter?: string): string {
  const outDir = join(work, `out-${target.split(':')[0]}`);
  mkdirSync(outDir, { recursive: true });
  const args = [
    `-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`,
    '--headless',
    '--norestore',
    ...(inFilter ? [`--infilter=${inFilter}`] : []),
    '--convert-to',
    target,
    '--outdir',
    outDir,
    input,
  ];
  const result = spawnSync(office!, args, {
    encoding: 'utf8',
    timeout: 150_000,
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
  });
  const stem = input.slice(input.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
  const output = join(outDir, `${stem}.${target.split(':')[0]}`);
  if (result.status !== 0 || !existsSync(output)) {
    throw new Error(`LibreOffice did not write ${output} (status ${result.status}): ${result.stdout} ${result.stderr}`);
  }
  return output;
}

describe('LibreOffice round trip', () => {
  it.skipIf(!office)(`reads Ciclo's XLSX with the values and types we wrote${WHY_SKIPPED}`, { timeout: 180_000 }, () => {
    const input = join(work, 'actions.xlsx');
    writeFileSync(input, toXlsx(TABLE, { sheetName: 'Ações' }));
    // Comma-separated, double quotes, UTF-8 (76), from line 1; cells written as shown.
    const csv = readFileSync(convert(input, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true'), 'utf8');
    const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { delimiter: ',', newline: '\n', skipEmptyLines: true });
    expect(rows.data[0]).toEqual(['Cliente', 'Valor em jogo', 'Prioridade', 'Quando', 'P(ativo)']);
    expect(rows.data.slice(1).map((row) => lineBreaksAsOne(row[0]!))).toEqual(
      NAMES.map((name, i) => lineBreaksAsOne(i < HOSTILE.length ? `'${name}` : name)),
    );
    for (const row of rows.data.slice(1)) {
      // The formats we set, as en-US shows them: money #,##0.00, General, yyyy-mm-dd, 0.0%.
      expect(row.slice(1)).toEqual(['1,234.50', '-2.25', '2024-06-30', '68.3%']);
    }
  });

  it.skipIf(!office)(`opens the "Excel (pt/es/it)" CSV as numbers, dates and inert text${WHY_SKIPPED}`, { timeout: 180_000 }, () => {
    const input = join(work, 'actions.csv');
    writeFileSync(input, toCsv(TABLE, 'excel_eu'));
    // Semicolon-separated, double quotes, UTF-8, from line 1, Portuguese (Brazil) numbers (1046), quoted
    // fields not forced to text, special numbers (ISO dates) detected: what a pt-BR user gets on opening.
    const xlsx = convert(input, 'xlsx', 'Text - txt - csv (StarCalc):59,34,76,1,,1046,false,true');
    const workbook = XLSX.read(readFileSync(xlsx), { type: 'buffer', cellNF: true });
    const sheet = workbook.Sheets[workbook.SheetNames[0]!]!;
    const cells = Object.keys(sheet).filter((key) => !key.startsWith('!'));
    expect(cells.filter((key) => 'f' in sheet[key]!)).toEqual([]);
    expect(sheet.A1).toMatchObject({ t: 's', v: 'Cliente' });
    NAMES.forEach((name, i) => {
      const r = i + 2;
      const expected = i < HOSTILE.length ? `'${name}` : name;
      expect(sheet[`A${r}`]!.t).toBe('s');
      expect(lineBreaksAsOne(String(sheet[`A${r}`]!.v))).toBe(lineBreaksAsOne(expected));
      expect(sheet[`B${r}`]).toMatchObject({ t: 'n', v: 1234.5 });
      expect(sheet[`C${r}`]).toMatchObject({ t: 'n', v: -2.25 });
      expect(sheet[`D${r}`]).toMatchObject({ t: 'n', v: SERIAL_2024_06_30 });
      expect(XLSX.SSF.is_date(sheet[`D${r}`]!.z as string)).toBe(true);
      expect(sheet[`E${r}`]).toMatchObject({ t: 'n', v: 0.683 });
    });
  });
});
