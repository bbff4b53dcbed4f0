// Every language has every English text (and no other), non-empty, with the same {{placeholders}},
// and every error code the user can meet has a message and a next step in every language.
import { describe, expect, it } from 'vitest';
import { en } from '../../../src/i18n/en.ts';
import { ptBR } from '../../../src/i18n/pt-BR.ts';
import { es } from '../../../src/i18n/es.ts';
import { it as italian } from '../../../src/i18n/it.ts';
import { ERROR_CODES, IMPORT_ERROR_CODES } from '../../../src/i18n/codes.ts';
import { pickLanguage } from '../../../src/i18n/catalog.ts';

type Tree = { readonly [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') texts.set(path, value);
    else for (const [inner, text] of flatten(value, path)) texts.set(inner, text);
  }
  return texts;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((match) => match[1] ?? '').sort();
}

const source = flatten(en);
const translations = { 'pt-BR': flatten(ptBR), es: flatten(es), it: flatten(italian) };
const all = { en: source, ...translations };

describe('translation catalogs', () => {
  it('has a few hundred English texts to compare against', () => {
    expect(source.size).toBeGreaterThan(150);
  });

  for (const [language, texts] of Object.entries(translations)) {
    it(`${language} has every English key`, () => {
      const missing = [...source.keys()].filter((key) => !texts.has(key));
      expect(missing).toEqual([]);
    });

    it(`${language} has no key that English lacks`, () => {
      const extra = [...texts.keys()].filter((key) => !source.has(key));
      expect(extra).toEqual([]);
    });

    it(`${language} uses the same {{placeholders}} as English in every text`, () => {
      const mismatched = [...source].filter(([key, text]) => {
        const translated = texts.get(key);
        return translated !== undefined && placeholders(translated).join() !== placeholders(text).join();
      });
      expect(mismatched.map(([key]) => key)).toEqual([]);
    });
  }

  for (const [language, texts] of Object.entries(all)) {
    it(`${language} has no empty text`, () => {
      const empty = [...texts].filter(([, text]) => text.trim() === '').map(([key]) => key);
      expect(empty).toEqual([]);
    });

    it(`${language} has a message and a next step for every error code`, () => {
      const lacking = ERROR_CODES.filter(
        (code) => !texts.get(`errors.codes.${code}.message`) || !texts.get(`errors.codes.${code}.action`),
      );
      expect(lacking).toEqual([]);
    });
  }

  it('lists every import error code of the import contract', () => {
    expect(IMPORT_ERROR_CODES).toContain('IMPORT_AMBIGUOUS_DATE');
    expect(new Set(IMPORT_ERROR_CODES).size).toBe(IMPORT_ERROR_CODES.length);
  });
});

describe('pickLanguage', () => {
  it('maps any Portuguese to Brazilian Portuguese', () => {
    expect(pickLanguage(['pt-PT', 'en'])).toBe('pt-BR');
    expect(pickLanguage(['pt'])).toBe('pt-BR');
  });

  it('takes the first supported language in the preference list', () => {
    expect(pickLanguage(['de-DE', 'es-AR', 'en-US'])).toBe('es');
    expect(pickLanguage(['it-CH'])).toBe('it');
  });

  it('falls back to English', () => {
    expect(pickLanguage(['de', 'fr'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
});
