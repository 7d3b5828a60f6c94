/**
 * What the notice renderers read (spec §14). A notice is what the outbox stored: its id (also the
 * webhook-id receivers dedupe on), its type, when it happened, and the event data exactly as the
 * generic webhook sends it (instants already ISO strings, people and schedules as ids). The
 * context carries what a person reads instead of ids: names, the schedule's zone, the web app.
 */
export type NoticeType = 'shift.started' | 'shift.upcoming' | 'shifts.changed' | 'coverage.gap' | 'bulletin.updated' | 'channel.test';

export interface NoticeToRender {
  /** "msg_…", also the webhook-id. */
  id: string;
  type: NoticeType;
  /** Epoch ms. */
  occurredAt: number;
  /** The wire data of the event (see contract of issue 14). */
  data: Record<string, unknown>;
}

export interface RenderContext {
  /** The schedule the notice is about, if any. */
  schedule: { id: string; name: string; timeZone: string } | null;
  /** Person id → display name (the id stands in for a missing name). */
  people: ReadonlyMap<string, string>;
  channel: { id: string; name: string };
  /** ROTA_PUBLIC_URL without a trailing slash, or null: messages link to the web app only when it is known. */
  appUrl: string | null;
}

/** The human message every readable kind (chat, push, email) is built from. */
export interface NoticeDescription {
  /** One line: the subject of an email, the title of a push notification. */
  title: string;
  /** One or more lines ("\n" between them), times in the schedule's zone. */
  text: string;
  /** Where the web app shows it, or null. */
  link: string | null;
}
