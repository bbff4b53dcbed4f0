// Ciclo's settings as something a consultant can pass on: a link fragment (`#settings=…`, base64url JSON) or a
// small `.ciclo-settings.json` file. Only settings travel (analysis date, period, significance level, the value
// model's unit, horizon and discount, the language, the presenter's slide), never a customer or a sale. What
// comes in is read strictly: an unknown key, a prototype key, a wrong type or an oversize text is refused with a
// typed error (code, path, detail) rather than half applied.
import { LANGUAGES, type Language } from '../i18n/catalog.ts';
import type { ModelUnit } from '../analytics/rfm-summary.ts';
import type { PeriodUnit } from '../analytics/types.ts';

export const SETTINGS_FORMAT = 'ciclo-settings';
export const SETTINGS_VERSION = 1;
/** Name offered when the settings are downloaded. */
export const SETTINGS_FILE_NAME = 'ciclo.ciclo-settings.json';
/** The fragment parameter: `#settings=<base64url JSON>`. */
export const SETTINGS_PARAM = 'settings';
/** Characters of a fragment value or a file; real settings take a few hundred. */
export const MAX_SETTINGS_CHARS = 4096;

export const SHARED_ALPHAS = [0.01, 0.05, 0.1] as const;
export const SHARED_PERIOD_UNITS: readonly PeriodUnit[] = ['month', 'week'];
export const SHARED_MODEL_UNITS: readonly ModelUnit[] = ['day', 'week', 'month'];
export const MAX_HORIZON_MONTHS = 120;
/** Slides of the presenter's story (overview, uptraders, downtraders, key accounts, actions). */
export const PRESENTER_SLIDES = 5;

export interface SharedAnalysisSettings {
  /** ISO analysis date; null for the data's default (end of its last complete month). */
  asOf?: string | null;
  unit?: PeriodUnit;
  alpha?: (typeof SHARED_ALPHAS)[number];
}

export interface SharedModelSettings {
  unit?: ModelUnit;
  /** Whole months, 1 to 120. */
  horizonMonths?: number;
  /** Rate per month, 0 ≤ rate < 1. */
  monthlyDiscount?: number;
}

/** Shared settings; every part is optional, and only the parts present are applied. */
export interface SharedSettings {
  analysis?: SharedAnalysisSettings;
  model?: SharedModelSettings;
  language?: Language;
  /** 1-based slide the presenter opens on. */
  presenterSlide?: number;
}

export type SettingsErrorCode =
  | 'SETTINGS_TOO_LARGE'
  | 'SETTINGS_NOT_BASE64'
  | 'SETTINGS_NOT_JSON'
  | 'SETTINGS_FORBIDDEN_KEY'
  | 'SETTINGS_UNKNOWN_KEY'
  | 'SETTINGS_WRONG_TYPE'
  | 'SETTINGS_VERSION';

export const SETTINGS_ERROR_CODES: readonly SettingsErrorCode[] = [
  'SETTINGS_TOO_LARGE',
  'SETTINGS_NOT_BASE64',
  'SETTINGS_NOT_JSON',
  'SETTINGS_FORBIDDEN_KEY',
  'SETTINGS_UNKNOWN_KEY',
  'SETTINGS_WRONG_TYPE',
  'SETTINGS_VERSION',
];

/** Why shared settings were refused; `path` names the field (`analysis.alpha`), empty for the whole text. */
export interface SettingsProblem {
  code: SettingsErrorCode;
  path: string;
  detail: string;
}

/** The error the readers throw: a real Error carrying the problem's fields. */
export type SettingsError = Error & SettingsProblem;

export function isSettingsError(value: unknown): value is SettingsError {
  return value instanceof Error && value.name === 'SettingsError';
}

function fail(problem: SettingsProblem): never {
  const error = new Error(`${problem.code} at ${problem.path || 'settings'}: ${problem.detail}`) as SettingsError;
  error.name = 'SettingsError';
  Object.assign(error, problem);
  throw error;
}

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeof value === 'object' ? 'an object' : String(value);

/** A plain object whose keys are all among `allowed` (checked before any value is read). */
function record(value: Json | undefined, path: string, allowed: readonly string[]): Record<string, Json> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail({ code: 'SETTINGS_WRONG_TYPE', path, detail: `expected an object, got ${describe(value)}` });
  }
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) fail({ code: 'SETTINGS_FORBIDDEN_KEY', path: at, detail: `the key "${key}" is not allowed` });
    if (!allowed.includes(key)) fail({ code: 'SETTINGS_UNKNOWN_KEY', path: at, detail: `expected one of ${allowed.join(', ')}, got "${key}"` });
  }
  return value;
}

function oneOf<T>(value: Json, path: string, choices: readonly T[]): T {
  const found = choices.find((choice) => choice === value);
  if (found === undefined) fail({ code: 'SETTINGS_WRONG_TYPE', path, detail: `expected one of ${choices.join(', ')}, got ${describe(value)}` });
  return found;
}

function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function readAnalysis(value: Json | undefined): SharedAnalysisSettings {
  const input = record(value, 'analysis', ['asOf', 'unit', 'alpha']);
  const out: SharedAnalysisSettings = {};
  if ('asOf' in input) {
    const asOf = input.asOf!;
    if (asOf !== null && !(typeof asOf === 'string' && isIsoDate(asOf))) {
      fail({ code: 'SETTINGS_WRONG_TYPE', path: 'analysis.asOf', detail: `expected a date YYYY-MM-DD or null, got ${describe(asOf)}` });
    }
    out.asOf = asOf;
  }
  if ('unit' in input) out.unit = oneOf(input.unit!, 'analysis.unit', SHARED_PERIOD_UNITS);
  if ('alpha' in input) out.alpha = oneOf(input.alpha!, 'analysis.alpha', SHARED_ALPHAS);
  return out;
}

function readModel(value: Json | undefined): SharedModelSettings {
  const input = record(value, 'model', ['unit', 'horizonMonths', 'monthlyDiscount']);
  const out: SharedModelSettings = {};
  if ('unit' in input) out.unit = oneOf(input.unit!, 'model.unit', SHARED_MODEL_UNITS);
  if ('horizonMonths' in input) {
    const months = input.horizonMonths;
    if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > MAX_HORIZON_MONTHS) {
      fail({ code: 'SETTINGS_WRONG_TYPE', path: 'model.horizonMonths', detail: `expected a whole number of months from 1 to ${MAX_HORIZON_MONTHS}, got ${describe(months)}` });
    }
    out.horizonMonths = months;
  }
  if ('monthlyDiscount' in input) {
    const rate = input.monthlyDiscount;
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate >= 1) {
      fail({ code: 'SETTINGS_WRONG_TYPE', path: 'model.monthlyDiscount', detail: `expected a rate per month ≥ 0 and < 1, got ${describe(rate)}` });
    }
    out.monthlyDiscount = rate;
  }
  return out;
}

/** Checks parsed JSON against the settings schema and returns only the known, typed fields. */
export function readSettings(value: unknown): SharedSettings {
  const input = record(value as Json, '', ['format', 'version', 'analysis', 'model', 'language', 'presenterSlide']);
  if (input.format !== SETTINGS_FORMAT) {
    fail({ code: 'SETTINGS_WRONG_TYPE', path: 'format', detail: `expected "${SETTINGS_FORMAT}", got ${describe(input.format)}` });
  }
  if (input.version !== SETTINGS_VERSION) {
    fail({ code: 'SETTINGS_VERSION', path: 'version', detail: `expected version ${SETTINGS_VERSION}, got ${describe(input.version)}` });
  }
  const out: SharedSettings = {};
  if ('analysis' in input) out.analysis = readAnalysis(input.analysis);
  if ('model' in input) out.model = readModel(input.model);
  if ('language' in input) out.language = oneOf(input.language!, 'language', LANGUAGES);
  if ('presenterSlide' in input) {
    const slide = input.presenterSlide;
    if (typeof slide !== 'number' || !Number.isInteger(slide) || slide < 1 || slide > PRESENTER_SLIDES) {
      fail({ code: 'SETTINGS_WRONG_TYPE', path: 'presenterSlide', detail: `expected a slide from 1 to ${PRESENTER_SLIDES}, got ${describe(slide)}` });
    }
    out.presenterSlide = slide;
  }
  return out;
}

/** The JSON document of some settings, with only the fields that are set. */
function toDocument(settings: SharedSettings): Record<string, unknown> {
  // Read back through the checker, so that what is written is always something that can be read.
  const checked = readSettings({ format: SETTINGS_FORMAT, version: SETTINGS_VERSION, ...settings });
  return { format: SETTINGS_FORMAT, version: SETTINGS_VERSION, ...checked };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (thrown) {
    fail({ code: 'SETTINGS_NOT_JSON', path: '', detail: thrown instanceof Error ? thrown.message : String(thrown) });
  }
}

function checkSize(text: unknown): string {
  if (typeof text !== 'string') fail({ code: 'SETTINGS_WRONG_TYPE', path: '', detail: `expected text, got ${describe(text)}` });
  if (text.length > MAX_SETTINGS_CHARS) {
    fail({ code: 'SETTINGS_TOO_LARGE', path: '', detail: `expected at most ${MAX_SETTINGS_CHARS} characters, got ${text.length}` });
  }
  return text;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    fail({ code: 'SETTINGS_NOT_BASE64', path: '', detail: 'expected letters, digits, "-" and "_" only (base64url)' });
  }
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** The settings as the value of a link fragment (`#settings=<this>`): base64url of their JSON, no padding. */
export function encodeSettings(settings: SharedSettings): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(toDocument(settings))));
}

/** Reads a fragment value made by encodeSettings; throws a SettingsError for anything else. */
export function decodeSettings(text: string): SharedSettings {
  const value = checkSize(text).trim();
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(value));
  } catch (thrown) {
    if (isSettingsError(thrown)) throw thrown;
    fail({ code: 'SETTINGS_NOT_BASE64', path: '', detail: 'the text does not decode to UTF-8' });
  }
  return readSettings(parseJson(json));
}

/** The text of a `.ciclo-settings.json` file. */
export function settingsFileText(settings: SharedSettings): string {
  return `${JSON.stringify(toDocument(settings), null, 2)}\n`;
}

/** Reads a settings file; throws a SettingsError for anything that is not one. */
export function parseSettingsFile(text: string): SharedSettings {
  return readSettings(parseJson(checkSize(text)));
}

/**
 * The settings in a location hash (`#settings=…`, possibly among other `&`-separated parameters); null when
 * the hash carries none. Throws a SettingsError when it carries unreadable ones.
 */
export function settingsFromHash(hash: string): SharedSettings | null {
  const parts = hash.replace(/^#/, '').split('&');
  const part = parts.find((p) => p.startsWith(`${SETTINGS_PARAM}=`));
  if (part === undefined) return null;
  return decodeSettings(part.slice(SETTINGS_PARAM.length + 1));
}

/** A link to the page at `pageUrl` (its own hash dropped) that carries the settings. */
export function settingsLink(pageUrl: string, settings: SharedSettings): string {
  return `${pageUrl.split('#')[0]}#${SETTINGS_PARAM}=${encodeSettings(settings)}`;
}
