/** The holiday module over date-holidays (spec §3). */
import { describe, expect, it } from 'vitest';
import { HOLIDAY_TYPES, calendarDates, holidayLookup, isKnownRegion, listRegions, regionHolidays } from '../../src/holidays/index.js';

describe('regionHolidays', () => {
  it('DE-BE 2027 has exactly the ten official dates', () => {
    // Easter 2027 (Gauss/anonymous Gregorian algorithm): a=2027 mod 19=13, b=20, c=27, d=5, e=0,
    // f=1, g=6, h=(19·13+20−5−6+15) mod 30=271 mod 30=1, i=6, k=3, l=(32+0+12−1−3) mod 7=40 mod 7=5,
    // m=(13+11+110)/451=0, month=(1+5+114)/31=3, day=((1+5+114) mod 31)+1=27+1=28 → Sunday March 28.
    // Good Friday = Easter − 2 = 03-26; Easter Monday = +1 = 03-29; Ascension = +39 = 05-06;
    // Whit Monday = +50 = 05-17. Fixed: Neujahr 01-01, Frauentag (Berlin only) 03-08,
    // Tag der Arbeit 05-01, Deutsche Einheit 10-03, Weihnachten 12-25 and 12-26.
    expect(regionHolidays('DE-BE', ['public'], 2027).map((h) => h.date)).toEqual([
      '2027-01-01',
      '2027-03-08',
      '2027-03-26',
      '2027-03-29',
      '2027-05-01',
      '2027-05-06',
      '2027-05-17',
      '2027-10-03',
      '2027-12-25',
      '2027-12-26',
    ]);
  });

  it('uses English names and caches per (region, types, year)', () => {
    const first = regionHolidays('DE-BE', ['public'], 2027);
    expect(first[0]).toEqual({ date: '2027-01-01', name: "New Year's Day" });
    expect(regionHolidays('DE-BE', ['public'], 2027)).toBe(first);
  });

  it('keeps substitute days from the region data (US 2027: July 4 is a Sunday → Monday July 5)', () => {
    const dates = regionHolidays('US', ['public'], 2027).map((h) => h.date);
    expect(dates).toContain('2027-07-04');
    expect(dates).toContain('2027-07-05');
  });

  it('keeps only dates inside the year, sorted and unique', () => {
    for (const region of ['US', 'GB', 'DE-BY', 'AU-NSW', 'NZ']) {
      const dates = regionHolidays(region, ['public'], 2028).map((h) => h.date);
      expect(dates.every((d) => d.startsWith('2028-'))).toBe(true);
      expect([...new Set(dates)].sort()).toEqual(dates);
    }
  });

  it('throws for an unknown region', () => {
    expect(() => regionHolidays('XX', ['public'], 2027)).toThrow(/unknown holiday region/);
  });
});

describe('regions', () => {
  it('lists countries with states and regions as country[-state[-region]]', () => {
    const de = listRegions().find((r) => r.code === 'DE')!;
    expect(de.name).toBe('Germany');
    expect(de.subdivisions.map((s) => s.code)).toContain('DE-BE');
    expect(de.subdivisions.map((s) => s.code)).toContain('DE-BY-A');
  });

  it('knows regions', () => {
    expect(isKnownRegion('DE')).toBe(true);
    expect(isKnownRegion('DE-BE')).toBe(true);
    expect(isKnownRegion('DE-BY-A')).toBe(true);
    expect(isKnownRegion('XX')).toBe(false);
    expect(isKnownRegion('DE-XX')).toBe(false);
    expect(isKnownRegion('')).toBe(false);
  });

  it('exposes the allowed holiday types', () => {
    expect(HOLIDAY_TYPES).toEqual(['public', 'bank', 'school', 'optional', 'observance']);
  });
});

describe('calendarDates', () => {
  it('region dates minus exclude plus include, sorted, with their source', () => {
    const dates = calendarDates(
      {
        region: 'DE-BE',
        include: [
          { date: '2027-12-24', name: 'Christmas Eve' },
          { date: '2027-12-25', name: 'Dup' },
          { date: '2028-01-02', name: 'Other year' },
        ],
        exclude: ['2027-05-01'],
      },
      2027,
    );
    expect(dates.map((d) => d.date)).not.toContain('2027-05-01');
    expect(dates.find((d) => d.date === '2027-12-24')).toEqual({ date: '2027-12-24', name: 'Christmas Eve', source: 'include' });
    // A date both in the region and included stays the region's entry, once.
    expect(dates.filter((d) => d.date === '2027-12-25')).toEqual([{ date: '2027-12-25', name: 'Christmas Day', source: 'region' }]);
    expect(dates.map((d) => d.date)).toEqual([...dates.map((d) => d.date)].sort());
    expect(dates).toHaveLength(10);
  });

  it('works without a region', () => {
    expect(calendarDates({ include: [{ date: '2027-02-01', name: 'Company day' }] }, 2027)).toEqual([
      { date: '2027-02-01', name: 'Company day', source: 'include' },
    ]);
  });

  it('feeds the engine through holidayLookup (same array on repeat, unknown calendar empty)', () => {
    const lookup = holidayLookup(new Map([['de-be', { region: 'DE-BE' }]]));
    expect(lookup('de-be', 2027)).toHaveLength(10);
    expect(lookup('de-be', 2027)).toBe(lookup('de-be', 2027));
    expect(lookup('nope', 2027)).toEqual([]);
  });
});
