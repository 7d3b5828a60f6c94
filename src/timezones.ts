import { IANAZone } from 'luxon';

/** True for a canonical or alias IANA zone name ("Europe/Berlin", "UTC"); false for offsets like "+02:00". */
export function isIanaZone(name: string): boolean {
  return /^[A-Za-z]/.test(name) && IANAZone.isValidZone(name);
}
