// Shared settings travel as a link fragment or a small file: what goes out comes back the same, and anything
// hostile or malformed is refused with a typed error (never a raw exception, never half applied).
import { describe, expect, it } from 'vitest';
import {
  MAX_SETTINGS_CHARS,
  decodeSettings,
  encodeSettings,
  isSettingsError,
  parseSettingsFile,
  settingsFileText,
  settingsFromHash,
  settingsLink,
  type SettingsErrorCode,
  type SharedSettings,
} from '../../../src/settings-share/settings.ts';

/** base64url of a UTF-8 text, written independently of the code under test (Node's Buffer). */
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

function codeOf(run: () => unknown): { code: SettingsErrorCode; path: string } | 'no error' | 'raw error' {
  try {
    run();
    return 'no error';
  } catch (thrown) {
    return isSettingsError(thrown) ? { code: thrown.code, path: thrown.path } : 'raw error';
  }
}

const full: SharedSettings = {
  analysis: { asOf: '2025-04-30', unit: 'week', alpha: 0.1 },
  model: { unit: 'month', horizonMonths: 24, monthlyDiscount: 0.015 },
  language: 'pt-BR',
  presenterSlide: 3,
};

describe('encodeSettings and decodeSettings', () => {
  it('bring every setting back unchanged', () => {
    expect(decodeSettings(encodeSettings(full))).toEqual(full);
  });

  it('keep a default analysis date (null) and leave out what was not set', () => {
    const partial: SharedSettings = { analysis: { asOf: null } };
    expect(decodeSettings(encodeSettings(partial))).toEqual({ analysis: { asOf: null } });
    expect(decodeSettings(encodeSettings({}))).toEqual({});
  });

  it('write base64url of the JSON document, readable by any base64url decoder', () => {
    const text = encodeSettings({ analysis: { alpha: 0.1 }, language: 'es' });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))).toEqual({
      format: 'ciclo-settings',
      version: 1,
      analysis: { alpha: 0.1 },
      language: 'es',
    });
  });

  it('read a fragment written by hand', () => {
    const text = b64url('{"format":"ciclo-settings","version":1,"analysis":{"asOf":"2025-04-30","alpha":0.1}}');
    expect(decodeSettings(text)).toEqual({ analysis: { asOf: '2025-04-30', alpha: 0.1 } });
  });

  it('refuse to encode settings that could not be read back', () => {
    expect(codeOf(() => encodeSettings({ analysis: { alpha: 0.2 as never } }))).toEqual({ code: 'SETTINGS_WRONG_TYPE', path: 'analysis.alpha' });
  });
});

describe('hostile or malformed settings', () => {
  const doc = (body: string) => b64url(`{"format":"ciclo-settings","version":1${body}}`);
  const cases: Array<{ name: string; text: string; code: SettingsErrorCode; path: string }> = [
    { name: 'a __proto__ key at the top', text: doc(',"__proto__":{"polluted":true}'), code: 'SETTINGS_FORBIDDEN_KEY', path: '__proto__' },
    { name: 'a __proto__ key inside a section', text: doc(',"analysis":{"__proto__":{"alpha":0.1}}'), code: 'SETTINGS_FORBIDDEN_KEY', path: 'analysis.__proto__' },
    { name: 'a constructor key', text: doc(',"model":{"constructor":{"prototype":{}}}'), code: 'SETTINGS_FORBIDDEN_KEY', path: 'model.constructor' },
    { name: 'an unknown key', text: doc(',"customers":["C00019"]'), code: 'SETTINGS_UNKNOWN_KEY', path: 'customers' },
    { name: 'an unknown key in a section', text: doc(',"analysis":{"asOf":null,"rows":1}'), code: 'SETTINGS_UNKNOWN_KEY', path: 'analysis.rows' },
    { name: 'an impossible date', text: doc(',"analysis":{"asOf":"2025-02-30"}'), code: 'SETTINGS_WRONG_TYPE', path: 'analysis.asOf' },
    { name: 'a date as a number', text: doc(',"analysis":{"asOf":20250430}'), code: 'SETTINGS_WRONG_TYPE', path: 'analysis.asOf' },
    { name: 'an alpha not offered', text: doc(',"analysis":{"alpha":0.2}'), code: 'SETTINGS_WRONG_TYPE', path: 'analysis.alpha' },
    { name: 'an alpha as text', text: doc(',"analysis":{"alpha":"0.1"}'), code: 'SETTINGS_WRONG_TYPE', path: 'analysis.alpha' },
    { name: 'a section as an array', text: doc(',"model":[1,2]'), code: 'SETTINGS_WRONG_TYPE', path: 'model' },
    { name: 'a fractional horizon', text: doc(',"model":{"horizonMonths":1.5}'), code: 'SETTINGS_WRONG_TYPE', path: 'model.horizonMonths' },
    { name: 'a discount of 100 %', text: doc(',"model":{"monthlyDiscount":1}'), code: 'SETTINGS_WRONG_TYPE', path: 'model.monthlyDiscount' },
    { name: 'an unknown language', text: doc(',"language":"fr"'), code: 'SETTINGS_WRONG_TYPE', path: 'language' },
    { name: 'slide 6 of 5', text: doc(',"presenterSlide":6'), code: 'SETTINGS_WRONG_TYPE', path: 'presenterSlide' },
    { name: 'another version', text: b64url('{"format":"ciclo-settings","version":2}'), code: 'SETTINGS_VERSION', path: 'version' },
    { name: 'another format', text: b64url('{"format":"ciclo-notebook","version":1}'), code: 'SETTINGS_WRONG_TYPE', path: 'format' },
    { name: 'a JSON array', text: b64url('[1]'), code: 'SETTINGS_WRONG_TYPE', path: '' },
    { name: 'JSON null', text: b64url('null'), code: 'SETTINGS_WRONG_TYPE', path: '' },
    { name: 'broken JSON', text: b64url('{"format":'), code: 'SETTINGS_NOT_JSON', path: '' },
    { name: 'characters outside base64url', text: 'eyJ+Zm9y/bWF0Ig==', code: 'SETTINGS_NOT_BASE64', path: '' },
    { name: 'bytes that are not UTF-8', text: Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url'), code: 'SETTINGS_NOT_BASE64', path: '' },
    { name: 'an oversize text', text: 'A'.repeat(MAX_SETTINGS_CHARS + 1), code: 'SETTINGS_TOO_LARGE', path: '' },
  ];

  for (const { name, text, code, path } of cases) {
    it(`refuses ${name} with ${code}`, () => {
      expect(codeOf(() => decodeSettings(text))).toEqual({ code, path });
    });
  }

  it('leaves Object.prototype untouched by a __proto__ payload', () => {
    codeOf(() => decodeSettings(doc(',"__proto__":{"polluted":true}')));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a value that is not text at all with a typed error', () => {
    expect(codeOf(() => decodeSettings(42 as unknown as string))).toEqual({ code: 'SETTINGS_WRONG_TYPE', path: '' });
  });
});

describe('the settings file', () => {
  it('is JSON with only settings, and reads back the same', () => {
    const text = settingsFileText(full);
    expect(JSON.parse(text)).toEqual({ format: 'ciclo-settings', version: 1, ...full });
    expect(parseSettingsFile(text)).toEqual(full);
  });

  it('refuses a notebook file and an oversize file with typed errors', () => {
    expect(codeOf(() => parseSettingsFile('{"format":"ciclo-notebook","version":1,"cells":[]}'))).toEqual({ code: 'SETTINGS_UNKNOWN_KEY', path: 'cells' });
    expect(codeOf(() => parseSettingsFile(`{"format":"ciclo-settings","version":1,"x":"${'a'.repeat(MAX_SETTINGS_CHARS)}"}`))).toEqual({ code: 'SETTINGS_TOO_LARGE', path: '' });
    expect(codeOf(() => parseSettingsFile('not json'))).toEqual({ code: 'SETTINGS_NOT_JSON', path: '' });
  });
});

describe('links', () => {
  it('carry the settings in the fragment, replacing an earlier one', () => {
    const link = settingsLink('https://example.org/ciclo/#settings=old', { language: 'it' });
    expect(link.startsWith('https://example.org/ciclo/#settings=')).toBe(true);
    expect(settingsFromHash(new URL(link).hash)).toEqual({ language: 'it' });
  });

  it('find the settings among other fragment parameters, and nothing when there are none', () => {
    expect(settingsFromHash(`#x=1&settings=${encodeSettings({ presenterSlide: 2 })}`)).toEqual({ presenterSlide: 2 });
    expect(settingsFromHash('')).toBeNull();
    expect(settingsFromHash('#main')).toBeNull();
  });
});
