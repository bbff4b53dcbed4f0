// The action list in the user's language: each row's reason is rebuilt from its key and parameters
// (action-reasons.ts) with the numbers written the way the language writes them, and offers name their tier
// in words. The English templates stay the reference for which parameter takes which format.
import { REASON_TEMPLATES, type ReasonKey, type ReasonParams } from '../../analytics/action-reasons.ts';
import type { ActionRow } from '../../analytics/actions.ts';
import { formatDate, formatNumber, t, type TextKey } from '../../i18n/index.ts';

/** The `{name|format}` placeholders of each English template: name → format ('' for a bare one). */
const FORMATS = new Map<ReasonKey, Map<string, string>>(
  (Object.keys(REASON_TEMPLATES) as ReasonKey[]).map((key) => [
    key,
    new Map([...REASON_TEMPLATES[key].matchAll(/\{(\w+)(?:\|(\w+))?\}/g)].map((m) => [m[1]!, m[2] ?? ''])),
  ]),
);

/** One parameter as the language writes it; `language` is the current one by default. */
export function reasonParamText(name: string, format: string, value: string | number, language?: string): string {
  if (typeof value === 'string') {
    if (format === 'risk') return t(`actions.risk.${value}` as TextKey);
    if (name === 'timing') return formatDate(value, 'medium', language);
    return value;
  }
  if (Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  switch (format) {
    case 'pct':
      return formatNumber(value * 100, { maximumFractionDigits: 0 }, language);
    case '1':
      return formatNumber(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 }, language);
    default:
      return formatNumber(value, { maximumFractionDigits: 0 }, language);
  }
}

/**
 * The parameters of a reason, formatted for `actions.reasons.<key>`. Adds `perUnit` ("a month", "por mês")
 * for the templates that speak of the trend's period, so each language can phrase it whole.
 */
export function reasonTextParams(key: ReasonKey, params: ReasonParams, language?: string): Record<string, string> {
  const formats = FORMATS.get(key) ?? new Map<string, string>();
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) out[name] = reasonParamText(name, formats.get(name) ?? '', value, language);
  if (params.unit === 'week' || params.unit === 'month') out.perUnit = t(`actions.perUnit.${params.unit}`);
  return out;
}

/** The row's reason in the current language. */
export function reasonSentence(row: Pick<ActionRow, 'reasonKey' | 'reasonParams'>): string {
  return t(`actions.reasons.${row.reasonKey}` as TextKey, reasonTextParams(row.reasonKey, row.reasonParams));
}

/** The offer in words: "Café, tier 2: Café Especial 500g"; null when the action offers nothing. */
export function offerText(row: Pick<ActionRow, 'offerCategory' | 'offerProduct' | 'offerTier'>): string | null {
  const { offerCategory, offerProduct, offerTier } = row;
  const head = [offerCategory, offerTier === null ? null : t('actions.tier', { tier: offerTier })].filter((x) => x !== null).join(', ');
  if (offerProduct === null) return head === '' ? null : head;
  return head === '' ? offerProduct : `${head}: ${offerProduct}`;
}

/** A glyph per action type, so the badge does not speak through colour alone. */
export const ACTION_GLYPHS: Readonly<Record<ActionRow['action'], string>> = {
  cross_sell: '+',
  upgrade: '↑',
  downgrade_to_save: '↓',
  win_back: '↺',
  nurture: '✿',
  stabilise: '≡',
  protect_key_account: '★',
};
