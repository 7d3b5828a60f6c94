/**
 * Instants as the status page shows them: "Mon 5 Apr 2027, 09:00 (Europe/Berlin)" in the
 * document's zone, always with the year and the zone named, as readers come from anywhere and
 * may read a cached copy long after. Fixed English names (see ../notices/times.ts), so the text
 * never depends on the Node build, the process locale or TZ.
 */
import { DateTime, IANAZone } from 'luxon';
import { MONTHS, WEEKDAYS } from '../notices/times.js';

export interface StatusTimes {
  /** The zone times are shown in: the document's, or UTC when it names no valid zone. */
  zone: string;
  format(ms: number): string;
}

export function statusTimes(timeZone: string): StatusTimes {
  const zone = IANAZone.isValidZone(timeZone) ? timeZone : 'UTC';
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    zone,
    format(ms) {
      const t = DateTime.fromMillis(ms, { zone });
      return `${WEEKDAYS[t.weekday - 1]} ${t.day} ${MONTHS[t.month - 1]} ${t.year}, ${two(t.hour)}:${two(t.minute)} (${zone})`;
    },
  };
}
