/**
 * Opsgenie's users as Rota people: only those a schedule, override or timeline names are made,
 * in the order they are first named, each with a slug from the local part of its username (an
 * email in Opsgenie).
 */
import { isValidZone } from '../engine/index.js';
import { SCHEDULE_LIMITS } from '../engine/limits.js';
import { uniqueSlugs } from './ids.js';
import type { OgRecipient, OgUser } from './opsgenie-document.js';
import type { ImportWarning, ImportedPerson } from './types.js';

export class OpsgeniePeople {
  readonly people: ImportedPerson[] = [];
  private readonly byId = new Map<string, OgUser>();
  private readonly byUsername = new Map<string, OgUser>();
  /** Person id by Opsgenie user id (or "@username" for users missing from the list). */
  private readonly made = new Map<string, string>();
  private readonly slug = uniqueSlugs();

  constructor(
    users: readonly OgUser[],
    private readonly warnings: ImportWarning[],
  ) {
    for (const u of users) {
      this.byId.set(u.id, u);
      this.byUsername.set(u.username.toLowerCase(), u);
    }
  }

  /**
   * The person id of a recipient of type "user"; null (with a warning) when it names nobody
   * Opsgenie's user list or its own username can identify.
   */
  personOf(r: OgRecipient): string | null {
    const user = (r.id !== null ? this.byId.get(r.id) : undefined) ?? (r.username !== null ? this.byUsername.get(r.username.toLowerCase()) : undefined);
    if (user) return this.make(user.id, user.username, user.fullName || user.username, user.timeZone, user.path);
    if (r.username === null) {
      this.warnings.push({ path: r.path, message: `user ${r.id ?? '(no id)'} is not in /users and has no username: left out` });
      return null;
    }
    const key = `@${r.username.toLowerCase()}`;
    if (!this.made.has(key)) {
      this.warnings.push({ path: r.path, message: `user "${r.username}" is not in /users: made from its username alone (no name or time zone)` });
    }
    return this.make(key, r.username, r.username, null, r.path);
  }

  private make(key: string, username: string, name: string, timeZone: string | null, path: string): string {
    const known = this.made.get(key);
    if (known) return known;
    const email = username.includes('@') ? username.toLowerCase() : null;
    const id = this.slug(email ? email.slice(0, email.indexOf('@')) : name, 'person');
    if (name.length > SCHEDULE_LIMITS.name) {
      this.warnings.push({ path, message: `the name is longer than Rota's ${SCHEDULE_LIMITS.name} characters: cut` });
    }
    if (timeZone !== null && !isValidZone(timeZone)) {
      this.warnings.push({ path: `${path}/timeZone`, message: `"${timeZone}" is not an IANA time zone: the person is made without one` });
    }
    this.people.push({
      id,
      name: name.slice(0, SCHEDULE_LIMITS.name),
      email,
      timeZone: timeZone !== null && isValidZone(timeZone) ? timeZone : null,
      sourceId: key.startsWith('@') ? username : key,
    });
    this.made.set(key, id);
    return id;
  }
}
