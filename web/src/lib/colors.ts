/** 32-bit FNV-1a of the id, finished with murmur3's avalanche so every bit depends on every character. */
function hash(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A stable colour per person id: hue from the hash, three lightness tiers to tell near hues apart; dark text stays readable. */
export function personColor(id: string | null | undefined): string {
  if (!id) return 'var(--gap)';
  const h = hash(id);
  const hue = h % 360;
  const lightness = [68, 79, 89][(h >>> 12) % 3];
  const saturation = [70, 55][(h >>> 20) % 2];
  return `hsl(${hue} ${saturation}% ${lightness}%)`;
}
