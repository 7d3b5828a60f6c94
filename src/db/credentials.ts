/**
 * Credentials out of a copy of the database: what `POST /api/v1/admin/backup` hands out must hold
 * nothing that signs a session or matches a secret (spec §10). Applied to the copy only.
 */
import type Database from 'better-sqlite3';

/**
 * Removes from `copy`:
 * - every server setting: the session-signing secret lives there, and the server makes a new one
 *   on start (so any secret added to settings later is left out too);
 * - every password hash (emptied: the column is NOT NULL and no hash matches ''), so users keep
 *   their accounts and roles but need a password reset; see bootstrapAdmin for the first admin;
 * - API tokens and feeds: a row whose hash is gone can match no secret, so they are deleted
 *   rather than listed as if they still worked.
 * Then rebuilds the file, since deleted values linger in free pages until VACUUM.
 */
export function removeCredentials(copy: Database.Database): void {
  copy.transaction(() => {
    copy.prepare('delete from settings').run();
    copy.prepare("update users set password_hash = ''").run();
    copy.prepare('delete from api_tokens').run();
    copy.prepare('delete from feeds').run();
  })();
  copy.exec('VACUUM');
}
