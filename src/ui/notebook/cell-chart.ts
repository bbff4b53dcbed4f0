// A chart cell drawn with Observable Plot: a cell's result, a mark (line, bar, dot or heat-map cell) and the
// columns for x, y, colour and facet. Columns of ISO dates become time axes; every mark has hover tips, and
// the chart says in words what it shows (its text alternative) and lists its figures as a table.
import * as Plot from '@observablehq/plot';
import type { ChartMark } from '../../notebook/model.ts';
import { checkWidth, describeChart, utcDay } from '../../charts/chart-kit.ts';
import { formatDate, formatNumber } from '../../i18n/format.ts';

export interface CellChartSpec {
  mark: ChartMark;
  x: string;
  y: string;
  color: string | null;
  facet: string | null;
}

export interface CellChartOptions {
  locale: string;
  width: number;
  /** Short name of the chart and a sentence of what it shows (already translated). */
  label: string;
  description: string;
  /** For rendering outside a browser page (tests under jsdom). */
  document?: Document;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?$/;

/** True when every non-empty value of `column` is an ISO date or timestamp (as the engine returns dates). */
export function isDateColumn(rows: readonly Record<string, unknown>[], column: string): boolean {
  let seen = 0;
  for (const row of rows) {
    const value = row[column];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
    seen++;
  }
  return seen > 0;
}

/** Rows with date columns turned into Dates (UTC), the form Plot's time scales take. */
export function plotRows(rows: readonly Record<string, unknown>[], columns: readonly string[]): Record<string, unknown>[] {
  const dates = columns.filter((column) => isDateColumn(rows, column));
  if (dates.length === 0) return rows.map((row) => ({ ...row }));
  return rows.map((row) => {
    const copy: Record<string, unknown> = { ...row };
    for (const column of dates) {
      const value = row[column];
      if (typeof value === 'string') copy[column] = value.length === 10 ? utcDay(value) : new Date(value.endsWith('Z') ? value : `${value}Z`);
    }
    return copy;
  });
}

export function drawCellChart(rows: readonly Record<string, unknown>[], spec: CellChartSpec, options: CellChartOptions): SVGElement | HTMLElement {
  const { mark, x, y, color, facet } = spec;
  const { locale, width, label, description, document } = options;
  checkWidth(width);
  if (!x || !y) throw new Error(`a chart needs an x and a y column, got x=${JSON.stringify(x)} y=${JSON.stringify(y)}`);
  const used = [x, y, color, facet].filter((column): column is string => column !== null);
  const data = plotRows(rows, used);
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const tipFormat = (value: unknown) =>
    value instanceof Date ? day.format(value) : typeof value === 'number' ? number.format(value) : String(value ?? '');
  const channels = { x, y, ...(facet ? { fx: facet } : {}) };
  const tip = { format: { x: tipFormat, y: tipFormat, ...(color ? { stroke: tipFormat, fill: tipFormat } : {}) } } as const;
  let marks: Plot.Markish[];
  switch (mark) {
    case 'line':
      marks = [Plot.ruleY([0]), Plot.lineY(data, { ...channels, ...(color ? { stroke: color } : {}), tip }), Plot.dot(data, { ...channels, r: 2, ...(color ? { fill: color } : {}) })];
      break;
    case 'bar':
      marks = [Plot.barY(data, { ...channels, ...(color ? { fill: color } : {}), tip }), Plot.ruleY([0])];
      break;
    case 'dot':
      marks = [Plot.dot(data, { ...channels, ...(color ? { fill: color, stroke: color } : {}), tip })];
      break;
    case 'cell':
      marks = [Plot.cell(data, { ...channels, fill: color ?? y, tip })];
      break;
  }
  const isTime = isDateColumn(rows, x);
  const chart = Plot.plot({
    width,
    height: 320,
    marginLeft: 64,
    marginBottom: 40,
    ...(document ? { document } : {}),
    x: { label: x, ...(mark === 'bar' || mark === 'cell' ? { type: 'band' as const, tickFormat: isTime ? (d: Date) => day.format(d) : undefined } : {}) },
    y: { label: y, grid: true, ...(mark === 'cell' ? { type: 'band' as const } : { tickFormat: (v: number) => number.format(v) }) },
    ...(color ? { color: { legend: true, label: color } } : mark === 'cell' ? { color: { legend: true, label: y } } : {}),
    marks,
  });
  // The chart is one image with its own text alternative; Plot's labels on inner groups (`aria-label="bar"`)
  // are not allowed on plain `g` elements (axe: aria-prohibited-attr), so they are kept as data attributes.
  for (const group of chart.querySelectorAll('g[aria-label]')) {
    group.setAttribute('data-mark', group.getAttribute('aria-label') ?? '');
    group.removeAttribute('aria-label');
  }
  return describeChart(chart, label, description);
}

/** Figures for the chart's text alternative: how many rows, and the range of y when it is numeric. */
export function chartFacts(rows: readonly Record<string, unknown>[], y: string): { count: number; min: number | null; max: number | null } {
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    const value = row[y];
    if (typeof value === 'number' && Number.isFinite(value)) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  return { count: rows.length, min: Number.isFinite(min) ? min : null, max: Number.isFinite(max) ? max : null };
}

/** The figures a chart draws, written for reading: one column per channel used, one row per result row. */
export interface ChartFigures {
  columns: { name: string; isNumeric: boolean }[];
  /** Cells in the order of `columns`, formatted for `locale`; an empty string for a missing value. */
  rows: string[][];
  /** Rows with both an x and a y value: the points (bars, cells) the chart draws. */
  points: number;
}

const NUMERIC_FORMAT: Intl.NumberFormatOptions = { maximumFractionDigits: 2 };

/** One value as the table shows it: numbers and ISO dates in the reader's language, the rest as text. */
function figureText(value: unknown, isDate: boolean, locale: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? formatNumber(value, NUMERIC_FORMAT, locale) : String(value);
  if (typeof value === 'string') {
    if (!isDate) return value;
    const day = formatDate(value, 'medium', locale);
    // A timestamp keeps its time of day (as DuckDB gave it: hours and minutes, no zone conversion).
    const time = value.slice(11, 16);
    return value.length > 10 && time !== '00:00' ? `${day} ${time}` : day;
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/**
 * The rows behind a chart as a table: the columns of x, y, colour and facet (each once, in that order),
 * numbers and dates written for `locale` as everywhere in Ciclo (src/i18n/format.ts).
 */
export function chartFigures(rows: readonly Record<string, unknown>[], spec: CellChartSpec, { locale }: { locale: string }): ChartFigures {
  const { x, y, color, facet } = spec;
  if (!x || !y) throw new Error(`a chart needs an x and a y column, got x=${JSON.stringify(x)} y=${JSON.stringify(y)}`);
  if (typeof locale !== 'string' || locale === '') throw new Error(`locale must be a BCP 47 language tag, got ${JSON.stringify(locale)}`);
  const names = [...new Set([x, y, color, facet].filter((column): column is string => column !== null && column !== ''))];
  const isDate = names.map((name) => isDateColumn(rows, name));
  const isNumeric = names.map((name) => rows.some((row) => typeof row[name] === 'number') && rows.every((row) => row[name] === null || row[name] === undefined || typeof row[name] === 'number'));
  const present = (value: unknown) => value !== null && value !== undefined;
  return {
    columns: names.map((name, index) => ({ name, isNumeric: isNumeric[index]! })),
    rows: rows.map((row) => names.map((name, index) => figureText(row[name], isDate[index]!, locale))),
    points: rows.filter((row) => present(row[x]) && present(row[y])).length,
  };
}

/** The chart as a standalone SVG file (the legend, if any, is left out: it is HTML, not SVG). */
export function chartSvgText(chart: Element): string {
  const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector('svg:not(figure > div svg)') ?? chart.querySelector('svg');
  if (!svg) throw new Error('the chart has no SVG to save');
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('style', `${copy.getAttribute('style') ?? ''};background:#fff`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

/** The chart's SVG drawn onto a canvas at twice its size, as PNG bytes. */
export async function chartPng(chart: Element): Promise<Blob> {
  const text = chartSvgText(chart);
  const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
  const width = Number(svg.getAttribute('width')) || 640;
  const height = Number(svg.getAttribute('height')) || 320;
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width * 2;
    canvas.height = height * 2;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw on a canvas');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(2, 2);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
