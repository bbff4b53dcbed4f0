// DATE values must not move by a day in time zones west or east of UTC.
import { afterEach, describe, expect, it } from 'vitest';
import { isoDateFromEpochMs } from '../../../src/engine/arrow-rows.ts';

const originalZone = process.env.TZ;

describe('isoDateFromEpochMs', () => {
  afterEach(() => {
    process.env.TZ = originalZone;
  });

  for (const zone of ['America/Sao_Paulo', 'Pacific/Kiritimati', 'UTC']) {
    it(`reads the calendar date of a DATE value in ${zone}`, () => {
      process.env.TZ = zone;
      expect(isoDateFromEpochMs(Date.UTC(2024, 0, 1))).toBe('2024-01-01');
      expect(isoDateFromEpochMs(Date.UTC(1969, 11, 31))).toBe('1969-12-31');
      expect(isoDateFromEpochMs(Date.UTC(2024, 1, 29))).toBe('2024-02-29');
    });
  }
});
