/**
 * Instants as people read them in a notice: "Mon 5 Apr 09:00" in the schedule's zone, the year
 * added only when it is not the year the notice happened in (in that zone). Day and month names
 * are fixed English, not Intl's: CLDR changes them between ICU versions (en-GB "Sept"), and a
 * message must not depend on the Node build or the process locale or TZ.
 */
import { DateTime } from 'luxon';

/** Fixed English names (also the status page's, src/render/status/times.ts). */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface LocalTimes {
  /** The IANA zone the times are in (UTC when the schedule's zone is unknown). */
  zone: string;
  /** "Mon 5 Apr 09:00", or "Mon 5 Apr 2028 09:00" in another year than the notice's. */
  format(ms: number): string;
}

export function localTimes(timeZone: string | null, occurredAt: number): LocalTimes {
  const zone = timeZone !== null && DateTime.fromMillis(occurredAt, { zone: timeZone }).isValid ? timeZone : 'UTC';
  const noticeYear = DateTime.fromMillis(occurredAt, { zone }).year;
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    zone,
    format(ms) {
      const t = DateTime.fromMillis(ms, { zone });
      const year = t.year === noticeYear ? '' : ` ${t.year}`;
      return `${WEEKDAYS[t.weekday - 1]} ${t.day} ${MONTHS[t.month - 1]}${year} ${two(t.hour)}:${two(t.minute)}`;
    },
  };
}
