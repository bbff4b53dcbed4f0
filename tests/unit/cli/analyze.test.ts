// `ciclo analyze`: the CSV files it writes for real exports (the demo, CDNOW, the Senate's CEAPS file), checked
// against numbers recomputed here from the raw bytes with a parser of the test's own, and its exit statuses.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { demoHistory } from '../../fixtures/generate-demo.ts';

const DEMO = 'public/demo/ciclo-demo.csv';
const CDNOW = 'public/demo/cdnow_sample.csv';
const CEAPS = 'tests/fixtures/import/despesa_ceaps_2022.csv';

const CONTRACT = [
  'customer_id', 'first_order', 'last_order', 'orders', 'revenue', 'trend', 'trend_slope_pct', 'trend_p_value', 'stage',
  'rfm_segment', 'historic_ltv',
];
const HEADER = [
  ...CONTRACT,
  'customer_name', 'trend_quiet', 'trend_change', 'trend_change_period', 'trend_drivers', 'trend_baseline_per_period',
  'trend_delta_per_period', 'trend_delta_pct', 'items', 'categories', 'rfm_r', 'rfm_f', 'rfm_m', 'historic_margin',
  'trailing_12m_revenue', 'potential_value', 'potential_basis', 'headroom', 'days_since_last_order', 'typical_gap_days',
  'typical_gap_source', 'funnel_step',
];

const scratch = mkdtempSync(join(tmpdir(), 'ciclo-analyze-'));
let runs = 0;
const freshDir = () => join(scratch, `out-${++runs}`);

async function ciclo(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

/** A plain RFC 4180 reader (quotes, doubled quotes, delimiters and line breaks inside quotes). */
function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** customers.csv as records keyed by header, after checking its shape. */
function readCustomers(dir: string): Record<string, string>[] {
  const text = readFileSync(join(dir, 'customers.csv'), 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const [header, ...rows] = parseCsv(text);
  // The trend columns come first, in this order; later issues only append (analyze-model.test.ts checks those).
  expect(header!.slice(0, HEADER.length)).toEqual(HEADER);
  for (const row of rows) expect(row).toHaveLength(header!.length);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}

interface RawLine {
  customer: string;
  date: string;
  amount: number;
  orderId: string | null;
}

/** Expected contract values of one customer, from raw lines on or before `asOf`. */
function expectedCustomer(lines: readonly RawLine[], asOf: string) {
  const mine = lines.filter((l) => l.date <= asOf);
  const purchases = mine.filter((l) => l.amount >= 0);
  const dates = purchases.map((l) => l.date).sort();
  return {
    first_order: dates[0],
    last_order: dates.at(-1),
    orders: String(new Set(purchases.map((l) => l.orderId ?? `day ${l.date}`)).size),
    revenue: mine.reduce((sum, l) => sum + l.amount, 0),
  };
}

function checkCustomers(rows: Record<string, string>[], raw: readonly RawLine[], asOf: string, ids: readonly string[]) {
  for (const id of ids) {
    const row = rows.find((r) => r.customer_id === id);
    expect(row, id).toBeDefined();
    const expected = expectedCustomer(raw.filter((l) => l.customer === id), asOf);
    expect({ first: row!.first_order, last: row!.last_order, orders: row!.orders }).toEqual({
      first: expected.first_order,
      last: expected.last_order,
      orders: expected.orders,
    });
    expect(Number(row!.revenue)).toBeCloseTo(expected.revenue, 2);
    expect(row!.historic_ltv).toBe(row!.revenue);
  }
}

const brNumber = (text: string) => Number(text.replaceAll('.', '').replace(',', '.'));
const dmyToIso = (text: string) => `${text.slice(6, 10)}-${text.slice(3, 5)}-${text.slice(0, 2)}`;

describe('ciclo analyze on the demo export', () => {
  const facts = demoHistory().facts;
  // The raw demo: `;`, no quotes, decimal comma, dd/mm/yyyy, a BOM; the deliberately broken lines left out.
  const broken = new Set([...facts.badDateLines, ...facts.emptyCustomerLines]);
  const raw: RawLine[] = readFileSync(DEMO, 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .flatMap((line, i) => {
      if (i === 0 || line === '' || broken.has(i + 1)) return [];
      const cells = line.split(';');
      return [{ customer: cells[2]!, date: dmyToIso(cells[1]!), amount: brNumber(cells[8]!), orderId: cells[0]! }];
    });

  it('writes one row per customer with the contract columns first, and a summary on stderr', async () => {
    const out = freshDir();
    const { code, stdout, stderr } = await ciclo('analyze', DEMO, '--out', out);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('Analysis as of 2025-10-31, monthly trends: 1500 customers.');
    expect(stderr).toMatch(/^Trend: uptrader \d+, downtrader \d+, stable \d+, new \d+, insufficient_data \d+, inactive \d+\.$/m);
    expect(stderr).toMatch(/^Stage: new \d+, active \d+, at_risk \d+, lapsed \d+, lost \d+, reactivated \d+\.$/m);

    const rows = readCustomers(out);
    expect(rows).toHaveLength(facts.customers);
    expect(new Set(raw.map((l) => l.customer)).size).toBe(facts.customers);
    const ids = rows.map((r) => r.customer_id);
    expect(ids).toEqual([...ids].sort());

    // Three customers recomputed from the raw lines: one with a credit note, the first and the last.
    const withReturn = raw.find((l) => l.amount < 0)!.customer;
    checkCustomers(rows, raw, '2025-10-31', [withReturn, ids[0]!, ids.at(-1)!]);
  });

  it('writes dot decimals, ISO dates, known labels and empty cells for missing values', async () => {
    const out = freshDir();
    await ciclo('analyze', DEMO, '--out', out);
    const rows = readCustomers(out);
    const labels = new Set(['uptrader', 'downtrader', 'stable', 'new', 'insufficient_data', 'inactive']);
    const stages = new Set(['new', 'active', 'at_risk', 'lapsed', 'lost', 'reactivated']);
    for (const r of rows) {
      expect(r.first_order).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.revenue).toMatch(/^-?\d+(\.\d{1,2})?$/);
      expect(r.trend_p_value).toMatch(/^$|^(0|1)(\.\d{1,4})?$/);
      expect(labels.has(r.trend!)).toBe(true);
      expect(stages.has(r.stage!)).toBe(true);
      // No cost column in the demo: no margin.
      expect(r.historic_margin).toBe('');
      if (r.trend === 'new' || r.trend === 'insufficient_data') expect(r.trend_slope_pct).toBe('');
      else expect(r.trend_slope_pct).toMatch(/^-?\d+(\.\d{1,2})?$/);
    }
    // Names with commas or quotes would be quoted; the demo's names come back as written.
    const named = rows.find((r) => r.customer_id === 'C00001')!;
    expect(named.customer_name).toBe('Padaria Girassol');
  });

  it('writes the cohorts: each month of acquisition followed to the analysis date', async () => {
    const out = freshDir();
    await ciclo('analyze', DEMO, '--out', out);
    const [header, ...cells] = parseCsv(readFileSync(join(out, 'cohorts.csv'), 'utf8'));
    expect(header).toEqual(['cohort', 'age_months', 'cohort_size', 'customers', 'revenue']);
    const firstMonth = new Map<string, string>();
    for (const l of [...raw].sort((a, b) => (a.date < b.date ? -1 : 1))) if (l.amount >= 0 && !firstMonth.has(l.customer)) firstMonth.set(l.customer, l.date.slice(0, 7));
    const cohortSizes = new Map<string, number>();
    for (const month of firstMonth.values()) cohortSizes.set(`${month}-01`, (cohortSizes.get(`${month}-01`) ?? 0) + 1);
    // Each cohort is followed from its month to Oct-25: month index 0 is Nov-23, 23 is Oct-25.
    const monthsFollowed = (cohort: string) => 24 - ((+cohort.slice(0, 4) - 2023) * 12 + +cohort.slice(5, 7) - 11);
    expect(cells).toHaveLength([...cohortSizes.keys()].reduce((sum, cohort) => sum + monthsFollowed(cohort), 0));
    const ageZero = cells.filter((c) => c[1] === '0');
    expect(new Map(ageZero.map((c) => [c[0]!, Number(c[2])]))).toEqual(cohortSizes);
    for (const c of ageZero) expect(c[3]).toBe(c[2]);
    expect(cells[0]).toEqual(['2023-11-01', '0', String(cohortSizes.get('2023-11-01')), String(cohortSizes.get('2023-11-01')), expect.any(String)]);
    expect(cells.filter((c) => c[0] === '2023-11-01').map((c) => c[1])).toEqual([...Array(24).keys()].map(String));
  });

  it('replays an earlier date with --as-of, ignoring later lines', async () => {
    const out = freshDir();
    const { code, stderr } = await ciclo('analyze', DEMO, '--out', out, '--as-of', '2024-06-15', '--period', 'week');
    expect(code).toBe(0);
    expect(stderr).toContain('as of 2024-06-15, weekly trends');
    const rows = readCustomers(out);
    expect(rows).toHaveLength(new Set(raw.filter((l) => l.date <= '2024-06-15').map((l) => l.customer)).size);
    checkCustomers(rows, raw, '2024-06-15', [rows[0]!.customer_id!, rows[700]!.customer_id!, rows.at(-1)!.customer_id!]);
  });

  it('writes a header alone when nobody had ordered by the date', async () => {
    const out = freshDir();
    const { code, stderr } = await ciclo('analyze', DEMO, '--out', out, '--as-of', '2020-01-31');
    expect(code).toBe(0);
    expect(stderr).toContain('No customer had ordered by 2020-01-31');
    expect(readCustomers(out)).toEqual([]);
  });
});

describe('ciclo analyze on real public files', () => {
  it('reads CDNOW (no order ids: one order per customer and day)', async () => {
    const out = freshDir();
    const { code } = await ciclo('analyze', CDNOW, '--out', out, '--as-of', '1997-12-31');
    expect(code).toBe(0);
    const raw: RawLine[] = readFileSync(CDNOW, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [customer, date, , amount] = line.split(',');
        return { customer: customer!, date: date!, amount: Number(amount), orderId: null };
      });
    const rows = readCustomers(out);
    expect(rows).toHaveLength(new Set(raw.filter((l) => l.date <= '1997-12-31').map((l) => l.customer)).size);
    // Sorted as text, like every customer id.
    expect(rows.slice(0, 3).map((r) => r.customer_id)).toEqual(['1', '10', '100']);
    checkCustomers(rows, raw, '1997-12-31', ['1', '100', rows.at(-1)!.customer_id!]);
  });

  it('reads the Senate CEAPS export with --map (windows-1252, a preamble, quoted fields; COD_DOCUMENTO is the order)', async () => {
    const out = freshDir();
    const { code, stderr } = await ciclo(
      'analyze', CEAPS, '--out', out, '--map', 'customer_id=SENADOR', '--map', 'order_date=DATA', '--map', 'amount=VALOR_REEMBOLSADO',
    );
    expect(code).toBe(0);
    const [, header, ...records] = parseCsv(new TextDecoder('windows-1252').decode(readFileSync(CEAPS)), ';');
    const column = (name: string) => header!.indexOf(name);
    // The four 2002 dates in a 2022 file are typos the import sets aside.
    const raw: RawLine[] = records
      .filter((r) => r.length === header!.length && !r[column('DATA')]!.endsWith('/2002'))
      .map((r) => ({
        customer: r[column('SENADOR')]!,
        date: dmyToIso(r[column('DATA')]!),
        amount: brNumber(r[column('VALOR_REEMBOLSADO')]!),
        // Detection maps the receipt's document code as the order id.
        orderId: r[column('COD_DOCUMENTO')]!,
      }));
    expect(raw).toHaveLength(7043 - 4);
    // The last receipt is from June 2022: the last complete month ends on 2022-05-31.
    expect(raw.map((l) => l.date).sort().at(-1)).toBe('2022-06-29');
    expect(stderr).toContain('Analysis as of 2022-05-31');
    const rows = readCustomers(out);
    expect(rows).toHaveLength(new Set(raw.filter((l) => l.date <= '2022-05-31').map((l) => l.customer)).size);
    checkCustomers(rows, raw, '2022-05-31', ['ACIR GURGACZ', rows[40]!.customer_id!, rows.at(-1)!.customer_id!]);
  });
});

describe('ciclo analyze errors', () => {
  const scratchFile = (name: string, content: string) => {
    const path = join(scratch, name);
    writeFileSync(path, content);
    return path;
  };

  it.each([
    ['a missing file', () => 'no/such/file.csv', 'CLI_FILE_NOT_FOUND'],
    ['an empty file', () => scratchFile('empty.csv', ''), 'IMPORT_EMPTY_FILE'],
    ['a file whose every line is rejected', () => scratchFile('no-customer.csv', 'customer,date,amount\n,2024-01-05,10\n,2024-01-06,5\n'), 'CLI_NO_ROWS'],
  ])('exits 1 with one located line on stderr for %s', async (_, file, errorCode) => {
    const out = freshDir();
    const path = file();
    const { code, stdout, stderr } = await ciclo('analyze', path, '--out', out);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toEqual([expect.stringMatching(new RegExp(`^ciclo: ${errorCode} ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`)), '']);
    expect(existsSync(join(out, 'customers.csv'))).toBe(false);
  });

  it('exits 1 when the results cannot be written', async () => {
    const blocker = scratchFile('not-a-folder', 'x');
    const { code, stderr } = await ciclo('analyze', CDNOW, '--out', join(blocker, 'out'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^ciclo: CLI_OUT_UNWRITABLE /);
  });

  it.each([
    [['analyze']],
    [['analyze', DEMO]],
    [['analyze', DEMO, CDNOW, '--out', 'x']],
    [['analyze', DEMO, '--out']],
    [['analyze', DEMO, '--out', 'x', '--as-of', '2024-02-30']],
    [['analyze', DEMO, '--out', 'x', '--as-of', '31/01/2024']],
    [['analyze', DEMO, '--out', 'x', '--period', 'day']],
    [['analyze', DEMO, '--out', 'x', '--max-rejected', '3']],
    [['analyze', DEMO, '--out', 'x', '--frobnicate']],
    [['analyze', DEMO, '--out', 'x', '--date-order', 'dym']],
    [['analyze', DEMO, '--out', 'x', '--map', 'colour=Cliente']],
    [['analyze', DEMO, '--out', 'x', '--map', 'customer_id=No Such Column']],
  ])('exits 2 with the usage on stderr for %j', async (argv) => {
    const { code, stdout, stderr } = await ciclo(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: ciclo analyze');
  });

  it('prints its help on stdout with exit 0, and is listed in the general usage', async () => {
    for (const argv of [['analyze', '--help'], ['help', 'analyze']]) {
      const { code, stdout } = await ciclo(...argv);
      expect(code).toBe(0);
      expect(stdout).toContain('--as-of YYYY-MM-DD');
      expect(stdout).toContain('customer_id, first_order, last_order, orders, revenue, trend');
    }
    expect((await ciclo('--help')).stdout).toContain('analyze FILE --out DIR');
  });
});
