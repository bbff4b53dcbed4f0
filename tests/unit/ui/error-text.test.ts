// Problems read in the user's language: the import's English "expected" forms, byte sizes and role
// names are rewritten; the location lists only what is known.
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../../src/i18n/locale.svelte.ts';
import { errorText, expectedText } from '../../../src/ui/common/error-text.ts';

afterEach(() => setLanguage('en'));

describe('expected values in words', () => {
  it('translates date patterns letter by letter', () => {
    expect(expectedText('date dd/mm/yyyy')).toBe('a date like dd/mm/yyyy');
    setLanguage('pt-BR');
    expect(expectedText('date dd/mm/yyyy or mm/dd/yyyy')).toBe('uma data como dd/mm/aaaa ou mm/dd/aaaa');
    setLanguage('it');
    expect(expectedText('date dd/mm/yyyy')).toBe('una data come gg/mm/aaaa');
  });

  it('reads numbers, date windows, Excel dates and field counts', () => {
    setLanguage('es');
    expect(expectedText('number 1.234,56')).toBe('un número como 1.234,56');
    expect(expectedText('date (Excel serial number)')).toBe('un número de fecha de Excel');
    expect(expectedText('12 fields')).toBe('12 columnas');
    expect(expectedText('date between 1900-01-01 and 2100-12-31')).toMatch(/^una fecha entre el 1 ene 1900 y el 31 dic 2100$/);
  });

  it('shows an unknown form as the import wrote it', () => {
    expect(expectedText('something new')).toBe('something new');
  });
});

describe('error texts', () => {
  it('writes the size limit in the language, from the byte counts', () => {
    setLanguage('pt-BR');
    const text = errorText({
      code: 'IMPORT_FILE_TOO_LARGE',
      file: 'vendas.csv',
      params: { sizeBytes: 1.5 * 1024 ** 3, limitBytes: 1024 ** 3, size: '1.5 GB', limit: '1 GB' },
    });
    expect(text.message).toBe('O arquivo tem 1,5 GB, mais do que os 1 GB que o Ciclo consegue ler numa aba do navegador.');
    expect(text.where).toEqual(['Arquivo vendas.csv']);
    expect(text.action).not.toBe('');
  });

  it('names the missing role in the language and lists the location', () => {
    setLanguage('it');
    const text = errorText({ code: 'IMPORT_MISSING_ROLE', file: 'a.csv', params: { role: 'order_date', roles: 'order_date' } });
    expect(text.message).toBe('Nessuna colonna è stata scelta per «Data dell’ordine».');
    const row = errorText({ code: 'IMPORT_BAD_DATE', file: 'a.csv', line: 12, column: 'Data', value: '31/02/2024', expected: 'date dd/mm/yyyy' });
    expect(row.where).toEqual(['File a.csv', 'riga 12', 'colonna «Data»', 'valore «31/02/2024»', 'atteso: una data come gg/mm/aaaa']);
  });
});
