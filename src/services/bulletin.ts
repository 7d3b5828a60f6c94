/**
 * The outage bulletin (spec §15): components and their alternatives, incidents and their updates,
 * who may post (admins, and the coordinator on duty: the user whose person is on call now for
 * the bulletin's coordinator schedule), and the public status document the status page, its JSON
 * and its Atom feed are rendered from. Every update is announced to notification channels
 * (bulletin.updated, §14) in the transaction that stores it.
 */
import { randomBytes } from 'node:crypto';
import type { Repositories } from '../db/index.js';
import type { ChannelWithSecret } from '../db/repos/channels.js';
import type { Alternative, Component, ComponentInput, ComponentStatus, Impact, Incident, IncidentStatus, IncidentUpdate } from '../db/repos/bulletin.js';
import type { NewNotice } from '../db/repos/outbox.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '../errors.js';
import { toIso } from '../render/wire.js';
import type { Caller } from './caller.js';
import { assertCreatable, type PutOptions } from './create-only.js';
import { newNoticeId } from './notifications/planner.js';
import type { OncallService } from './oncall.js';
import type { PeopleService } from './people.js';

export type { Alternative, Component, ComponentStatus, Impact, Incident, IncidentStatus, IncidentUpdate };

export const COMPONENT_STATUSES: readonly ComponentStatus[] = ['operational', 'degraded', 'partial_outage', 'major_outage'];
export const INCIDENT_STATUSES: readonly IncidentStatus[] = ['investigating', 'identified', 'monitoring', 'resolved'];
export const IMPACTS: readonly Impact[] = ['minor', 'major', 'critical'];

/** The bulletin's settings (PUT /api/v1/bulletin). */
export interface BulletinSettings {
  title: string;
  coordinatorSchedule: string | null;
  showCoordinator: boolean;
  about: string | null;
}

const DEFAULT_SETTINGS: BulletinSettings = { title: 'Status', coordinatorSchedule: null, showCoordinator: true, about: null };
const SETTINGS_KEY = 'bulletin';
/** Resolved incidents stay on the page this long (spec §15). */
export const RESOLVED_SHOWN_MS = 14 * 86_400_000;

export interface UpdateDraft {
  status: IncidentStatus;
  message: string;
  components?: Record<string, ComponentStatus>;
  /** Epoch ms. */
  nextUpdateBy?: number;
}

/** A component with what the page shows: the newest open incident update naming it, else its own status. */
export type ComponentView = Component & { effectiveStatus: ComponentStatus };

const STATUS_WORDS: Record<IncidentStatus, string> = { investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring', resolved: 'Resolved' };

/** The status each component takes from the open incidents: the newest update naming it wins. */
export function statusesFromIncidents(open: readonly Incident[]): Map<string, ComponentStatus> {
  const updates = open.flatMap((i) => i.updates).sort((a, b) => b.postedAt - a.postedAt);
  const out = new Map<string, ComponentStatus>();
  for (const u of updates) for (const [id, status] of Object.entries(u.components)) if (!out.has(id)) out.set(id, status);
  return out;
}

/** An incident's components as its newest update naming each one says. */
export function incidentComponents(incident: Incident): Record<string, ComponentStatus> {
  return Object.fromEntries(statusesFromIncidents([incident]));
}

const newId = (prefix: string) => `${prefix}-${randomBytes(6).toString('hex')}`;

export type BulletinService = ReturnType<typeof bulletinService>;

export function bulletinService(repos: Repositories, deps: { oncall: OncallService; people: PeopleService }, now: () => number) {
  const { oncall, people } = deps;
  let cachedSettings: BulletinSettings | null = null;
  // Bumped by every settings change, so a read that raced a write does not cache the older row.
  let generation = 0;
  const forgetSettings = () => {
    cachedSettings = null;
    generation++;
  };

  async function settings(): Promise<BulletinSettings> {
    if (cachedSettings) return cachedSettings;
    const started = generation;
    const raw = await repos.settings.get(SETTINGS_KEY);
    const loaded = raw === null ? DEFAULT_SETTINGS : { ...DEFAULT_SETTINGS, ...(JSON.parse(raw) as Partial<BulletinSettings>) };
    if (started === generation) cachedSettings = loaded;
    return loaded;
  }

  /** The person on call now for the coordinator schedule, or null (no schedule set, a gap, a deleted schedule). */
  async function coordinatorOnDuty(): Promise<string | null> {
    const { coordinatorSchedule } = await settings();
    if (coordinatorSchedule === null) return null;
    try {
      return (await oncall.onCall(coordinatorSchedule, now())).shift.personId;
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }

  /** Whether `caller` may post while `coordinator` (a person id, or null) is on duty. */
  async function mayPost(caller: Caller, coordinator: string | null): Promise<boolean> {
    if (caller.canWrite) return true;
    if (caller.userEmail === null || coordinator === null) return false;
    return (await people.linkedTo(caller.userEmail)) === coordinator;
  }

  const canPost = async (caller: Caller): Promise<boolean> => caller.canWrite || mayPost(caller, await coordinatorOnDuty());

  async function assertCanPost(caller: Caller): Promise<void> {
    if (!(await canPost(caller))) {
      throw new ForbiddenError('only admins and the communications coordinator on duty (the person on call now for the bulletin’s coordinator schedule) may post');
    }
  }

  /** Every component with the status the open incidents give it. */
  async function componentViews(open: readonly Incident[]): Promise<ComponentView[]> {
    const fromIncidents = statusesFromIncidents(open);
    return (await repos.bulletin.components()).map((c) => ({ ...c, effectiveStatus: fromIncidents.get(c.id) ?? c.status }));
  }

  async function componentProblems(components: Record<string, ComponentStatus> | undefined, path: string): Promise<FieldProblem[]> {
    if (!components) return [];
    const known = new Set((await repos.bulletin.components()).map((c) => c.id));
    return Object.keys(components).flatMap((id) => (known.has(id) ? [] : [{ path: `${path}/${id}`, message: `unknown component "${id}"` }]));
  }

  function nextUpdateProblems(draft: UpdateDraft): FieldProblem[] {
    return draft.nextUpdateBy !== undefined && draft.nextUpdateBy <= now() ? [{ path: '/nextUpdateBy', message: 'must be in the future' }] : [];
  }

  /** The notices announcing `update` of `incident` to every channel that hears bulletin updates. */
  function bulletinNotices(channels: readonly ChannelWithSecret[], incident: Incident, update: IncidentUpdate): NewNotice[] {
    const data = {
      incident: incident.id,
      update: update.id,
      title: `${incident.title}: ${STATUS_WORDS[update.status]}`,
      summary: update.message,
      status: update.status,
      impact: incident.impact,
      components: update.components,
      nextUpdateBy: toIso(update.nextUpdateBy),
    };
    return channels
      .filter((c) => c.events.includes('bulletin.updated'))
      .map((c) => ({
        id: newNoticeId(),
        channelId: c.id,
        key: `bulletin.updated:${update.id}`,
        type: 'bulletin.updated',
        scheduleId: null,
        data,
        occurredAt: update.postedAt,
        dueAt: update.postedAt,
        status: 'pending' as const,
        lastError: null,
        nextAttemptAt: update.postedAt,
        createdAt: update.postedAt,
      }));
  }

  async function post(caller: Caller, incidentId: string, draft: UpdateDraft, create?: { title: string; impact: Impact }): Promise<Incident> {
    await assertCanPost(caller);
    const errors = [...(await componentProblems(draft.components, '/components')), ...nextUpdateProblems(draft)];
    if (errors.length > 0) throw new ValidationError(errors);
    const channels = await repos.channels.listWithSecrets();
    // Signed with the poster's name when they have a person (the coordinator), else their label.
    const own = caller.userEmail === null ? null : await people.linkedTo(caller.userEmail);
    const postedBy = (own === null ? undefined : (await people.directory()).get(own)?.name) ?? caller.actor.label;
    const update: IncidentUpdate = {
      id: newId('upd'),
      status: draft.status,
      message: draft.message,
      components: draft.components ?? {},
      nextUpdateBy: draft.nextUpdateBy ?? null,
      postedAt: now(),
      postedBy,
    };
    const incident = await repos.bulletin.postUpdate(incidentId, update, (i) => bulletinNotices(channels, i, update), caller.actor, create);
    if (!incident) throw new NotFoundError('incident', incidentId);
    return incident;
  }

  return {
    settings,

    /** The settings, the coordinator on duty and whether `caller` may post now (GET /api/v1/bulletin). */
    async view(caller: Caller): Promise<BulletinSettings & { coordinator: { id: string; name: string } | null; canPost: boolean }> {
      const coordinator = await coordinatorOnDuty();
      const person = coordinator === null ? undefined : (await people.directory()).get(coordinator);
      return { ...(await settings()), coordinator: person ? { id: person.id, name: person.name } : null, canPost: await mayPost(caller, coordinator) };
    },

    /** Forget the cached settings (they changed, on this instance or another). */
    invalidate: forgetSettings,

    async putSettings(caller: Caller, input: BulletinSettings): Promise<BulletinSettings> {
      if (input.coordinatorSchedule !== null && !(await repos.schedules.exists(input.coordinatorSchedule))) {
        throw new ValidationError([{ path: '/coordinatorSchedule', message: `unknown schedule "${input.coordinatorSchedule}"` }]);
      }
      await repos.settings.replace(SETTINGS_KEY, JSON.stringify(input), caller.actor, now());
      forgetSettings();
      return input;
    },

    async components(): Promise<ComponentView[]> {
      return componentViews(await repos.bulletin.incidents({ status: 'open' }));
    },

    async component(id: string): Promise<ComponentView> {
      const found = (await this.components()).find((c) => c.id === id);
      if (!found) throw new NotFoundError('component', id);
      return found;
    },

    async putComponent(caller: Caller, id: string, input: ComponentInput, options: PutOptions = {}): Promise<{ component: ComponentView; created: boolean }> {
      await assertCanPost(caller);
      return repos.exclusive(async () => {
        await assertCreatable(options, 'component', id, async () => (await repos.bulletin.component(id)) !== null);
        const { created } = await repos.bulletin.putComponent(id, input, caller.actor, now());
        return { component: await this.component(id), created };
      });
    },

    async deleteComponent(caller: Caller, id: string): Promise<void> {
      if (!(await repos.bulletin.deleteComponent(id, caller.actor, now()))) throw new NotFoundError('component', id);
    },

    /** A new incident with its first update; its id. */
    async createIncident(caller: Caller, input: UpdateDraft & { title: string; impact: Impact }): Promise<Incident> {
      return post(caller, newId('inc'), input, { title: input.title, impact: input.impact });
    },

    async postUpdate(caller: Caller, incidentId: string, draft: UpdateDraft): Promise<Incident> {
      return post(caller, incidentId, draft);
    },

    async incident(id: string): Promise<Incident> {
      const found = await repos.bulletin.incident(id);
      if (!found) throw new NotFoundError('incident', id);
      return found;
    },

    incidents: (status: 'open' | 'resolved', limit: number): Promise<Incident[]> => repos.bulletin.incidents({ status, limit }),

    /** What the public page shows now, but its coordinator (see the status document in src/render/status). */
    async shown(): Promise<{ settings: BulletinSettings; components: ComponentView[]; open: Incident[]; resolved: Incident[] }> {
      const { open, resolved } = await repos.bulletin.shown(now() - RESOLVED_SHOWN_MS);
      return { settings: await settings(), components: await componentViews(open), open, resolved };
    },
  };
}
