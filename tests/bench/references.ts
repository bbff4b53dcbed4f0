// The two yardsticks every Ciclo figure of `npm run bench` is divided by, measured on the same file:
//  - native DuckDB (@duckdb/node-api), one thread like the site's DuckDB-WASM and Ciclo's native engine: the file
//    read with read_csv straight into the `sales` table (types and formats given, nothing sniffed), then the
//    same customer-facts.sql Ciclo runs, its rows handed to JavaScript;
//  - PapaParse and plain JavaScript: the file parsed as a stream and added up per customer (revenue, orders,
//    first and last order date), what a hand-written script would do.
// Both learn the file's delimiter, number and date formats and column roles from Ciclo's detection (not timed),
// and support the formats the seeded generator writes (ISO or d/m/y dates with '/', '.' or ',' decimals).
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';
import type { CsvSettings, Mapping, Role } from '../../src/import/types.ts';
import createSalesSql from '../../src/sql/create-sales.sql?raw';
import { customerFacts, defaultAsOf } from '../../src/sql/index.ts';

/** What the references need to know about the file: Ciclo's detection of it. */
export interface FileLayout {
  settings: CsvSettings;
  headers: string[];
  mapping: Mapping;
}

export interface NativeReference {
  duckdb: string;
  threads: number;
  /** read_csv of the whole file into `sales`, seconds. */
  importSeconds: number;
  /** customer-facts.sql at `asOf`, rows to JavaScript included, seconds. */
  factsSeconds: number;
  /** CPU time of the process for the import and for the facts, seconds (see NodePathResult.cpuSeconds). */
  cpuSeconds: { import: number; facts: number };
  rows: number;
  customers: number;
  revenue: number;
}

export interface PapaReference {
  /** Parsing the file and adding up every customer's revenue, orders, first and last date, seconds. */
  seconds: number;
  /** The same in CPU time of the process, seconds. */
  cpuSeconds: number;
  rows: number;
  customers: number;
  revenue: number;
}

// The parts of @duckdb/node-api used here, declared so the bench type-checks where the optional package is absent.
interface ReferenceConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string, values?: unknown[]): Promise<{ getRowObjectsJS(): Record<string, unknown>[] }>;
  closeSync(): void;
}
interface ReferenceApi {
  DuckDBInstance: { create(path: string, options: Record<string, string>): Promise<{ connect(): Promise<ReferenceConnection>; closeSync(): void }> };
}

/** CPU seconds of this process (all threads) since `since`. */
function cpuSince(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1e6;
}

const NUMBER_ROLES: ReadonlySet<Role> = new Set(['amount', 'quantity', 'unit_price', 'cost']);
const SALES_ROLES = ['customer_id', 'order_date', 'amount', 'quantity', 'unit_price', 'cost', 'order_id', 'product', 'category', 'channel', 'salesperson', 'customer_name', 'region'] as const;

const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;
const sqlName = (name: string) => `"${name.replaceAll('"', '""')}"`;

function dateFormat(settings: CsvSettings): string {
  if (settings.dateOrder === 'ymd') return '%Y-%m-%d';
  if (settings.dateOrder === 'dmy') return '%d/%m/%Y';
  if (settings.dateOrder === 'mdy') return '%m/%d/%Y';
  throw new Error(`the references do not read ${settings.dateOrder} dates`);
}

/** The statement that reads `file` into `sales`: every column typed by its role, unmapped roles NULL. */
function readCsvInsert(file: string, { settings, headers, mapping }: FileLayout): string {
  const roleOf = new Map<number, Role>(Object.entries(mapping).map(([role, index]) => [index as number, role as Role]));
  const columns = headers.map((header, i) => {
    const role = roleOf.get(i);
    const type = role === 'order_date' ? 'DATE' : role !== undefined && NUMBER_ROLES.has(role) ? 'DOUBLE' : 'VARCHAR';
    return `${sqlText(header)}: ${sqlText(type)}`;
  });
  const options = [
    'header = true',
    `skip = ${settings.headerLine - 1}`,
    `delim = ${sqlText(settings.delimiter)}`,
    `quote = ${sqlText(settings.quote)}`,
    `escape = ${sqlText(settings.quote)}`,
    `decimal_separator = ${sqlText(settings.decimal)}`,
    ...(settings.thousands === '' ? [] : [`thousands = ${sqlText(settings.thousands)}`]),
    `dateformat = ${sqlText(dateFormat(settings))}`,
    'auto_detect = false',
    `columns = {${columns.join(', ')}}`,
  ];
  const select = SALES_ROLES.map((role) => {
    const index = mapping[role];
    return `${index === undefined ? 'NULL' : sqlName(headers[index]!)} AS ${role}`;
  });
  return `INSERT INTO sales SELECT ${select.join(', ')}, ${sqlText(basename(file))} AS source_file, 0 AS source_line FROM read_csv(${sqlText(file)}, ${options.join(', ')})`;
}

/** Native DuckDB on `file`, or a reason when @duckdb/node-api is not installed. */
export async function nativeReference(file: string, layout: FileLayout, asOf?: string): Promise<NativeReference | { skipped: string }> {
  const specifier = '@duckdb/node-api';
  let api: ReferenceApi;
  try {
    api = (await import(/* @vite-ignore */ specifier)) as ReferenceApi;
  } catch (thrown) {
    return { skipped: `@duckdb/node-api is not installed (${(thrown as Error).message.split('\n')[0]})` };
  }
  const instance = await api.DuckDBInstance.create(':memory:', { threads: '1', autoload_known_extensions: 'false', autoinstall_known_extensions: 'false' });
  const connection = await instance.connect();
  try {
    const version = String((await connection.runAndReadAll('SELECT version() AS version')).getRowObjectsJS()[0]?.version);
    await connection.run(createSalesSql.trim());
    let started = performance.now();
    let cpu = process.cpuUsage();
    await connection.run(readCsvInsert(file, layout));
    const importSeconds = (performance.now() - started) / 1000;
    const importCpu = cpuSince(cpu);
    const rows = Number((await connection.runAndReadAll('SELECT count(*) AS n FROM sales')).getRowObjectsJS()[0]!.n);
    // The default analysis date, as Ciclo picks it, unless the caller gives one (not timed).
    const asOfDay = asOf ?? String((await connection.runAndReadAll(`SELECT as_of::VARCHAR AS as_of FROM (${defaultAsOf.bind({}).sql})`)).getRowObjectsJS()[0]?.as_of);
    const facts = customerFacts.bind({ asOf: asOfDay });
    started = performance.now();
    cpu = process.cpuUsage();
    const customers = (await connection.runAndReadAll(facts.sql, [...facts.params])).getRowObjectsJS();
    const factsSeconds = (performance.now() - started) / 1000;
    const factsCpu = cpuSince(cpu);
    const revenue = customers.reduce((sum, c) => sum + Number(c.revenue), 0);
    return { duckdb: version, threads: 1, importSeconds, factsSeconds, cpuSeconds: { import: importCpu, facts: factsCpu }, rows, customers: customers.length, revenue };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

interface CustomerTotals {
  revenue: number;
  orders: Set<string>;
  first: string;
  last: string;
}

/** PapaParse + plain JavaScript on `file`: per customer revenue, orders, first and last order date. */
export function papaReference(file: string, { settings, mapping }: FileLayout): Promise<PapaReference> {
  const customerAt = mapping.customer_id;
  const dateAt = mapping.order_date;
  const amountAt = mapping.amount;
  const orderAt = mapping.order_id;
  if (customerAt === undefined || dateAt === undefined || amountAt === undefined) throw new Error('the file lacks a customer, date or amount column');
  const isoDate = isoDateReader(settings);
  const readNumber = numberReader(settings);
  const customers = new Map<string, CustomerTotals>();
  let rows = 0;
  let toSkip = settings.headerLine;
  const started = performance.now();
  const cpu = process.cpuUsage();
  return new Promise((resolve, reject) => {
    Papa.parse<string[]>(createReadStream(file, { encoding: 'utf8' }), {
      delimiter: settings.delimiter,
      quoteChar: settings.quote,
      skipEmptyLines: true,
      worker: false,
      chunk({ data }) {
        for (const row of data) {
          if (toSkip > 0) {
            toSkip--;
            continue;
          }
          rows++;
          const id = row[customerAt]!;
          const day = isoDate(row[dateAt]!);
          const amount = readNumber(row[amountAt]!);
          let totals = customers.get(id);
          if (totals === undefined) customers.set(id, (totals = { revenue: 0, orders: new Set(), first: day, last: day }));
          totals.revenue += amount;
          // A return (negative amount) is not an order, as in customer-facts.sql; lines without an id count by day.
          if (amount >= 0) totals.orders.add(orderAt === undefined ? day : row[orderAt]!);
          if (day < totals.first) totals.first = day;
          if (day > totals.last) totals.last = day;
        }
      },
      complete() {
        let revenue = 0;
        for (const totals of customers.values()) revenue += totals.revenue;
        resolve({ seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSince(cpu), rows, customers: customers.size, revenue });
      },
      error: reject,
    });
  });
}

function isoDateReader(settings: CsvSettings): (text: string) => string {
  if (settings.dateOrder === 'ymd') return (text) => text;
  if (settings.dateOrder === 'dmy') return (text) => `${text.slice(6, 10)}-${text.slice(3, 5)}-${text.slice(0, 2)}`;
  if (settings.dateOrder === 'mdy') return (text) => `${text.slice(6, 10)}-${text.slice(0, 2)}-${text.slice(3, 5)}`;
  throw new Error(`the references do not read ${settings.dateOrder} dates`);
}

function numberReader({ decimal, thousands }: CsvSettings): (text: string) => number {
  return (text) => {
    let plain = thousands === '' ? text : text.replaceAll(thousands, '');
    if (decimal === ',') plain = plain.replace(',', '.');
    return Number(plain);
  };
}
