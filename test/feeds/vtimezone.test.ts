/**
 * The generated VTIMEZONEs against the runtime's tz database, read back by ical.js: every
 * unambiguous wall-clock time resolves to the instant luxon gives. Includes zones whose rules
 * changed after tzdata 2018g (São Paulo, Amman), half-hour DST (Lord Howe) and odd offsets.
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { vtimezone } from '../../src/feeds/vtimezone.js';

const ZONES = ['America/Sao_Paulo', 'Asia/Amman', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'Europe/Berlin', 'America/New_York', 'UTC'];
const STEP = 331 * 60_000; // an odd step so every minute-of-hour and hour-of-day comes up
const HOURS_3 = 3 * 3_600_000;

describe('vtimezone', () => {
  for (const zone of ZONES) {
    it(`${zone}: wall-clock times read back as the runtime's instants`, () => {
      const text = vtimezone(zone, 2026, 2028);
      const tz = new ICAL.Timezone(new ICAL.Component(ICAL.parse(`BEGIN:VCALENDAR\r\n${text}\r\nEND:VCALENDAR\r\n`)).getFirstSubcomponent('vtimezone')!);
      expect(tz.tzid).toBe(zone);
      let checked = 0;
      for (let t = Date.UTC(2026, 0, 2); t < Date.UTC(2028, 11, 30); t += STEP) {
        const local = DateTime.fromMillis(t, { zone });
        // Near a transition a wall time may occur twice; those are written in UTC (see render.ts).
        if (DateTime.fromMillis(t - HOURS_3, { zone }).offset !== local.offset || DateTime.fromMillis(t + HOURS_3, { zone }).offset !== local.offset) continue;
        const time = ICAL.Time.fromDateTimeString(local.toFormat("yyyy-LL-dd'T'HH:mm:ss"));
        time.zone = tz;
        expect(time.toJSDate().getTime(), `${local.toISO()}`).toBe(t);
        checked++;
      }
      expect(checked).toBeGreaterThan(4_000);
    });
  }
});
