/**
 * Person colours for timeline bars and name swatches. People get the palette's colours in the order
 * of their sorted ids, so everyone in a small team has a clearly different colour and a given set of
 * people always gets the same ones; only beyond the palette does the colour come from a hash of the id.
 * Every colour keeps the bars' dark text (#1d2330) at a contrast of at least 6.8:1 (WCAG AAA).
 */

/** Clearly distinct, light colours, the most different first: blue, orange, green, purple, yellow, teal, pink, tan, lime, grey, peach, sky. */
export const PERSON_PALETTE: readonly string[] = [
  '#7eb0ea',
  '#f5a35c',
  '#82cf7a',
  '#c7a0e6',
  '#f0d04c',
  '#5cc6b9',
  '#f49ac0',
  '#c9a47e',
  '#c3de68',
  '#b9c0cb',
  '#f4b8a8',
  '#9fd8f0',
];

/** Shown while the people list (and so everyone's colour) is still loading. */
export const PENDING_COLOR = '#dde1e8';

/** 32-bit FNV-1a of the id, finished with murmur3's avalanche so every bit depends on every character. */
function hash(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A stable colour from the id alone: hue from the hash, three lightness tiers to tell near hues apart; dark text stays readable. */
export function hashColor(id: string): string {
  const h = hash(id);
  const hue = h % 360;
  const lightness = [68, 76, 84][(h >>> 12) % 3];
  const saturation = [70, 55][(h >>> 20) % 2];
  return `hsl(${hue} ${saturation}% ${lightness}%)`;
}

/** Each person id's place in the palette: the ids sorted by code unit, so the order is the same in every browser and locale. */
export function paletteIndex(ids: Iterable<string>): ReadonlyMap<string, number> {
  return new Map([...new Set(ids)].sort().map((id, i) => [id, i]));
}

/** The colour of a person: their palette colour by `index` (see `paletteIndex`), else the hash of the id. */
export function personColor(id: string | null | undefined, index?: ReadonlyMap<string, number>): string {
  if (!id) return 'var(--gap)';
  const i = index?.get(id);
  return (i !== undefined ? PERSON_PALETTE[i] : undefined) ?? hashColor(id);
}
