// The interface language: one i18next instance holding all four catalogs, and a rune-backed
// `locale` so that every text and number shown by a component re-renders when the user switches.
import i18next from 'i18next';
import { en } from './en.ts';
import { ptBR } from './pt-BR.ts';
import { es } from './es.ts';
import { it } from './it.ts';
import { isLanguage, pickLanguage, type Language, type PluralKey, type TextKey } from './catalog.ts';

const STORAGE_KEY = 'ciclo.language';

export type Params = Record<string, string | number>;

const i18n = i18next.createInstance();
void i18n.init({
  resources: {
    en: { translation: en },
    'pt-BR': { translation: ptBR },
    es: { translation: es },
    it: { translation: it },
  },
  lng: 'en',
  fallbackLng: 'en',
  initAsync: false,
  returnNull: false,
  // Svelte escapes text it renders; escaping here too would show `&amp;` in file names.
  interpolation: { escapeValue: false },
  // A value an issue did not carry shows as a dash rather than as `{{name}}`.
  missingInterpolationHandler: () => '–',
});

function initialLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage can be disabled (private windows, strict settings): fall back to the browser's list.
  }
  const preferred = globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? 'en'];
  return pickLanguage(preferred);
}

class Locale {
  current = $state<Language>('en');
}

/** The interface language. Read `locale.current` inside a component to re-render on change. */
export const locale = new Locale();

/** Switches the interface language, remembers it, and updates `<html lang>`. */
export function setLanguage(language: Language): void {
  locale.current = language;
  void i18n.changeLanguage(language);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembering the choice is harmless.
  }
}

/** Chooses the language at start: the one picked last time, else the browser's preference. */
export function initLanguage(): void {
  setLanguage(initialLanguage());
}

/** Translates a text key in the current language. Reading `locale.current` makes it reactive. */
export function t(key: TextKey, params?: Params): string {
  return i18n.t(key, { ...params, lng: locale.current }) as string;
}

/** Translates a `{ one, other }` text for `count` (passed to the text as `{{count}}`, formatted). */
export function plural(key: PluralKey, count: number, params?: Params): string {
  const form = new Intl.PluralRules(locale.current).select(count) === 'one' ? 'one' : 'other';
  const formatted = new Intl.NumberFormat(locale.current).format(count);
  return i18n.t(`${key}.${form}`, { ...params, count: formatted, lng: locale.current }) as string;
}
