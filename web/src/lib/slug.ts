/** Ids are slugs (spec §1): lower-case ASCII letters, digits and dashes, at most 63 characters. */
export const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The id a name suggests: "Café Team Ü" → "cafe-team-u". */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/**
 * `item` renamed; while it is new and its id is still the one its old name suggested, the id
 * follows the name (an id typed by hand is left alone from then on).
 */
export function renamed<T extends { id: string; name: string }>(item: T, name: string, isNew: boolean): T {
  return isNew && item.id === slugOf(item.name) ? { ...item, name, id: slugOf(name) } : { ...item, name };
}
