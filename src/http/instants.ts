/** Instants in requests, as query strings and bodies declare them; the reading is services/instants.ts. */
import { Type } from 'typebox';

export { instantOrNow, parseInstant, parseWindow } from '../services/instants.js';

export const InstantInput = Type.String({
  maxLength: 64,
  description: 'ISO-8601 instant with Z or an offset',
  examples: ['2027-03-27T08:00:00Z', '2027-03-27T09:00:00+01:00'],
});
