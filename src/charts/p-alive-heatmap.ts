// Who is still a customer: the mean P(alive) of the customers in each cell of repeat purchases (x, binned
// 0, 1, 2, 3, 4, 5–9, 10+) × how late in their history they last bought (tₓ as a share of T, in equal bands,
// the latest on top). BG/NBD's classic picture: many purchases with a long silence since means likely gone.
// Cells holding P(alive) values that are not BG/NBD's own (one-time buyers, or the whole book on the rule of
// thumb) are outlined dashed and named in the tip and the caption. A click picks the cell's customers.
import * as Plot from '@observablehq/plot';
import type { CustomerPrediction, PAliveMethod } from '../analytics/value-model.ts';
import { checkWidth, describeChart, formats, type ChartOptions } from './chart-kit.ts';
import { SELECTABLE_CLASS, makeSelectable } from './select.ts';
import { emptyChart, type PAliveHeatmapLabels } from './value-labels.ts';

export type { PAliveHeatmapLabels } from './value-labels.ts';

/** Repeat-purchase bins of the x axis: [from, to] inclusive, `to` null for the open last bin. */
export const FREQUENCY_BINS: readonly { name: string; from: number; to: number | null }[] = [
  { name: '0', from: 0, to: 0 },
  { name: '1', from: 1, to: 1 },
  { name: '2', from: 2, to: 2 },
  { name: '3', from: 3, to: 3 },
  { name: '4', from: 4, to: 4 },
  { name: '5–9', from: 5, to: 9 },
  { name: '10+', from: 10, to: null },
];

export interface PAliveCell {
  /** Name of the frequency bin as on the axis: `0` … `4`, `5–9`, `10+`. */
  frequencyBin: string;
  /** Repeat purchases of the bin, inclusive; `frequencyTo` null for `10+`. */
  frequencyFrom: number;
  frequencyTo: number | null;
  /** 0 for the band of the earliest last purchases. */
  recencyBand: number;
  /** The band's tₓ / T range, [from, to) (the top band includes 1). */
  recencyFrom: number;
  recencyTo: number;
  customers: number;
  meanPAlive: number;
  /** Customers whose P(alive) is not BG/NBD's own (pAliveMethod other than `bgnbd`). */
  heuristicCustomers: number;
  /** The methods behind the cell's values, in the order of PAliveMethod. */
  methods: PAliveMethod[];
  customerIds: string[];
}

const METHOD_ORDER: readonly PAliveMethod[] = ['bgnbd', 'one_time_heuristic', 'recency_heuristic'];

/** The frequency bin index of a number of repeat purchases. */
export function frequencyBinOf(frequency: number): number {
  return frequency >= 10 ? 6 : frequency >= 5 ? 5 : Math.max(0, Math.floor(frequency));
}

/**
 * The recency band of a customer: ⌊tₓ · bands / T⌋, the last band closed at 1 (a last purchase on the
 * analysis day). T = 0 means the first and only purchase is on the analysis day: the newest band.
 */
export function recencyBandOf(recency: number, T: number, bands: number): number {
  if (!(T > 0)) return bands - 1;
  return Math.min(bands - 1, Math.max(0, Math.floor((recency * bands) / T)));
}

/**
 * The non-empty cells, by frequency bin then recency band. Customers with a non-finite P(alive), frequency,
 * recency or T are left out rather than drawn as NaN.
 */
export function pAliveCells(customers: readonly CustomerPrediction[], { recencyBands = 5 } = {}): PAliveCell[] {
  if (!(Number.isInteger(recencyBands) && recencyBands >= 2 && recencyBands <= 20)) {
    throw new RangeError(`recencyBands must be an integer from 2 to 20, got ${recencyBands}`);
  }
  const cells = new Map<number, { sum: number; ids: string[]; heuristic: number; methods: Set<PAliveMethod> }>();
  for (const c of customers) {
    if (![c.pAlive, c.frequency, c.recency, c.T].every(Number.isFinite) || c.T < 0) continue;
    const key = frequencyBinOf(c.frequency) * recencyBands + recencyBandOf(c.recency, c.T, recencyBands);
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { sum: 0, ids: [], heuristic: 0, methods: new Set() }));
    cell.sum += c.pAlive;
    cell.ids.push(c.customerId);
    cell.methods.add(c.pAliveMethod);
    if (c.pAliveMethod !== 'bgnbd') cell.heuristic++;
  }
  return [...cells]
    .sort((p, q) => p[0] - q[0])
    .map(([key, cell]) => {
      const bin = FREQUENCY_BINS[Math.floor(key / recencyBands)]!;
      const band = key % recencyBands;
      return {
        frequencyBin: bin.name,
        frequencyFrom: bin.from,
        frequencyTo: bin.to,
        recencyBand: band,
        recencyFrom: band / recencyBands,
        recencyTo: (band + 1) / recencyBands,
        customers: cell.ids.length,
        meanPAlive: cell.sum / cell.ids.length,
        heuristicCustomers: cell.heuristic,
        methods: METHOD_ORDER.filter((method) => cell.methods.has(method)),
        customerIds: cell.ids,
      };
    });
}

/**
 * The heatmap of mean P(alive) by repeat purchases × recency band; with no customer to place, an empty frame
 * that says so (`labels.empty`). `recencyBands` (default 5) sets the number of tₓ / T bands.
 */
export function pAliveHeatmap(
  customers: readonly CustomerPrediction[],
  { locale, width, labels, recencyBands = 5 }: ChartOptions<PAliveHeatmapLabels> & { recencyBands?: number },
): SVGElement | HTMLElement {
  checkWidth(width);
  const cells = pAliveCells(customers, { recencyBands });
  if (cells.length === 0) return emptyChart(width, labels.title, labels.empty);
  const f = formats(locale);

  const placed = cells.reduce((sum, cell) => sum + cell.customers, 0);
  const mean = cells.reduce((sum, cell) => sum + cell.meanPAlive * cell.customers, 0) / placed;
  const heuristicCustomers = cells.reduce((sum, cell) => sum + cell.heuristicCustomers, 0);
  const methodsInUse = METHOD_ORDER.filter((method) => cells.some((cell) => cell.methods.includes(method)));
  const heuristicMethods = methodsInUse.filter((method) => method !== 'bgnbd');
  const columns = FREQUENCY_BINS.flatMap((bin) => {
    const column = cells.filter((cell) => cell.frequencyBin === bin.name);
    const n = column.reduce((sum, cell) => sum + cell.customers, 0);
    if (n === 0) return [];
    const columnMean = column.reduce((sum, cell) => sum + cell.meanPAlive * cell.customers, 0) / n;
    return [`${bin.name}: ${f.integer(n)}, ${f.percent(columnMean, 1)}`];
  });
  const description = labels.describe({
    customers: f.integer(placed),
    mean: f.percent(mean, 1),
    columns: f.list(columns),
    heuristicCustomers: f.integer(heuristicCustomers),
    methods: f.list(methodsInUse.map((method) => labels.methods[method])),
  });

  const bandName = (band: number) => `${f.percent(band / recencyBands)}–${f.percent((band + 1) / recencyBands)}`;
  const cellBand = (cell: PAliveCell) => bandName(cell.recencyBand);
  const bandsNewestFirst = Array.from({ length: recencyBands }, (_, i) => bandName(recencyBands - 1 - i));
  const marginLeft = 72;
  const cellWidth = (width - marginLeft - 12) / FREQUENCY_BINS.length;
  const chart = Plot.plot({
    width,
    height: recencyBands * 38 + 80,
    marginTop: 28,
    marginLeft,
    marginRight: 12,
    ariaLabel: labels.title,
    ariaDescription: description,
    caption: heuristicMethods.length > 0 ? labels.heuristicNote({ methods: f.list(heuristicMethods.map((method) => labels.methods[method])) }) : undefined,
    padding: 0.06,
    x: { label: labels.frequency, domain: FREQUENCY_BINS.map((bin) => bin.name), labelAnchor: 'center' },
    y: { label: labels.recency, labelAnchor: 'top', domain: bandsNewestFirst },
    color: {
      // Five steps of a diverging scheme that stays readable with the common colour-vision deficiencies:
      // red for "likely gone", blue for "likely still buying".
      type: 'quantize',
      n: 5,
      scheme: 'rdylbu',
      domain: [0, 1],
      legend: true,
      label: labels.pAlive,
      tickFormat: (share: number) => f.percent(share),
    },
    marks: [
      Plot.cell(cells, {
        x: 'frequencyBin',
        y: cellBand,
        fill: 'meanPAlive',
        className: SELECTABLE_CLASS,
        channels: {
          [labels.customers]: 'customers',
          [labels.method]: (cell: PAliveCell) => cell.methods.map((method) => labels.methods[method]).join(', '),
        },
        tip: {
          format: { x: true, y: true, fill: (share: number) => f.percent(share, 1), [labels.customers]: f.integer, [labels.method]: true },
        },
      }),
      Plot.cell(
        cells.filter((cell) => cell.heuristicCustomers > 0),
        { x: 'frequencyBin', y: cellBand, fill: 'none', stroke: 'currentColor', strokeDasharray: '4 3', inset: 2.5, pointerEvents: 'none' },
      ),
      cellWidth >= 30
        ? Plot.text(cells, {
            x: 'frequencyBin',
            y: cellBand,
            text: (cell: PAliveCell) => f.percent(cell.meanPAlive),
            // White on the two dark ends of the scheme, black on the light middle.
            fill: (cell: PAliveCell) => (cell.meanPAlive < 0.2 || cell.meanPAlive >= 0.8 ? 'white' : 'black'),
            fontSize: 10,
            pointerEvents: 'none',
          })
        : null,
    ],
  });
  makeSelectable(chart, cells, { usePointer: true });
  return describeChart(chart, labels.title, description);
}
