/**
 * Slug ids for what an import creates (spec §1: `^[a-z0-9][a-z0-9-]{0,62}$`): made from a name
 * or an email's local part, unique within one import.
 */

/** `text` as a slug: lower case, accents dropped, runs of anything else one dash; `fallback` when nothing is left. */
export function slugOf(text: string, fallback = 'x'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '');
  return slug === '' ? fallback : slug;
}

/** Hands out slugs unique among those it gave and those `taken` holds: "alice", "alice-2", …. */
export function uniqueSlugs(taken: Iterable<string> = []) {
  const used = new Set(taken);
  return (text: string, fallback?: string): string => {
    const base = slugOf(text, fallback);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
}
