// The shape every language must have: the English catalog with its texts widened to `string`.
// A translation that misses a key, or adds one, fails to compile.
import type { en } from './en.ts';

type Widen<T> = T extends string ? string : { readonly [K in keyof T]: Widen<T[K]> };

export type Catalog = Widen<typeof en>;

/** A count-sensitive text: Intl.PluralRules picks `one` or `other` (see plural()). */
export interface PluralText {
  one: string;
  other: string;
}

type Join<A extends string, B extends string> = `${A}.${B}`;

/** Dot paths to the plain texts of a catalog, e.g. `wizard.title`. */
export type TextKey<T = Catalog> = {
  [K in keyof T & string]: T[K] extends string
    ? K
    : T[K] extends PluralText
      ? never
      : Join<K, TextKey<T[K]>>;
}[keyof T & string];

/** Dot paths to the `{ one, other }` texts, e.g. `review.imported`. */
export type PluralKey<T = Catalog> = {
  [K in keyof T & string]: T[K] extends string
    ? never
    : T[K] extends PluralText
      ? K
      : Join<K, PluralKey<T[K]>>;
}[keyof T & string];

export const LANGUAGES = ['en', 'pt-BR', 'es', 'it'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language named in itself, for the language switch. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  'pt-BR': 'Português (Brasil)',
  es: 'Español',
  it: 'Italiano',
};

/**
 * Picks the first supported language from the browser's preference list (`navigator.languages`):
 * any Portuguese → pt-BR, any Spanish → es, any Italian → it, any English → en; English otherwise.
 */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'pt') return 'pt-BR';
    if (base === 'es') return 'es';
    if (base === 'it') return 'it';
    if (base === 'en') return 'en';
  }
  return 'en';
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
