// Expected figures computed straight from the raw files with deliberately plain code (no Ciclo
// import module), so the end-to-end tests compare the app against an independent reading.
import { readFileSync } from 'node:fs';

export interface ExpectedSummary {
  rows: number;
  customers: number;
  firstDate: string;
  lastDate: string;
  revenue: number;
}

function summarise(records: Array<{ customer: string; date: string; amount: number }>): ExpectedSummary {
  const dates = records.map((r) => r.date).sort();
  return {
    rows: records.length,
    customers: new Set(records.map((r) => r.customer)).size,
    firstDate: dates[0] ?? '',
    lastDate: dates[dates.length - 1] ?? '',
    revenue: Math.round(records.reduce((sum, r) => sum + r.amount, 0) * 100) / 100,
  };
}

/** CDNOW sample: plain `customer_id,order_date,quantity,amount`, ISO dates, no quotes. */
export function cdnowExpected(path: string): ExpectedSummary {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/).slice(1);
  return summarise(
    lines.map((line) => {
      const [customer = '', date = '', , amount = ''] = line.split(',');
      return { customer, date, amount: Number(amount) };
    }),
  );
}

/**
 * CEAPS (Brazilian Senate): windows-1252, `;`, every field quoted, title line above the header,
 * decimal comma, dd/mm/yyyy. Customer = SENADOR, date = DATA, amount = VALOR_REEMBOLSADO.
 * Rows whose date lies more than 10 years from the file's dates (the 2002 typos) are the ones the
 * app must reject; they are returned with their 1-based line numbers.
 */
export function ceapsExpected(path: string): ExpectedSummary & { total: number; records: number; implausible: Array<{ line: number; raw: string; amount: number }> } {
  const text = new TextDecoder('windows-1252').decode(readFileSync(path));
  const lines = text.split('\r\n');
  const header = (lines[1] ?? '').split(';').map((h) => h.replaceAll('"', ''));
  const col = (name: string) => header.indexOf(name);
  const good: Array<{ customer: string; date: string; amount: number }> = [];
  const implausible: Array<{ line: number; raw: string; amount: number }> = [];
  let total = 0;
  let records = 0;
  lines.slice(2).forEach((line, i) => {
    if (line === '') return;
    records++;
    const cells = line.slice(1, -1).split('";"');
    const [d, m, y] = (cells[col('DATA')] ?? '').split('/');
    const amount = Number((cells[col('VALOR_REEMBOLSADO')] ?? '').replace(',', '.'));
    total += amount;
    if (Number(y) < 2012) implausible.push({ line: i + 3, raw: cells[col('DATA')] ?? '', amount });
    else good.push({ customer: cells[col('SENADOR')] ?? '', date: `${y}-${m}-${d}`, amount });
  });
  return { ...summarise(good), total: Math.round(total * 100) / 100, records, implausible };
}

/**
 * The generated demo: UTF-8 with BOM, `;`, quoted only when needed, decimal comma with thousands
 * dot, dd/mm/yyyy. Rows with a blank customer or an impossible date are the ones to reject.
 */
export function demoExpected(path: string): ExpectedSummary & { bad: number } {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  const header = splitSemicolons(lines[0] ?? '');
  const at = (name: string) => header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  const iCustomer = at('Cliente');
  const iDate = at('Data');
  const iAmount = at('Valor Total');
  const good: Array<{ customer: string; date: string; amount: number }> = [];
  let bad = 0;
  for (const line of lines.slice(1)) {
    const cells = splitSemicolons(line);
    const customer = (cells[iCustomer] ?? '').trim();
    const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec((cells[iDate] ?? '').trim());
    const amountText = (cells[iAmount] ?? '').trim();
    const amount = Number(amountText.replaceAll('.', '').replace(',', '.'));
    const date = match ? `${match[3]}-${match[2]}-${match[1]}` : '';
    const isRealDate = match !== null && isCalendarDate(Number(match[3]), Number(match[2]), Number(match[1]));
    if (customer === '' || !isRealDate || amountText === '' || Number.isNaN(amount)) bad++;
    else good.push({ customer, date, amount });
  }
  return { ...summarise(good), bad };
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function splitSemicolons(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
