/**
 * The outage bulletin's storage (spec §15): components, incidents and their updates. An update
 * and the notices announcing it (bulletin.updated, §14) are stored in one transaction.
 */
import { and, asc, desc, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import { auditTrail, type Actor } from '../audit.js';
import type { Database, Tables } from '../database.js';
import { insertNotices, type NewNotice } from './outbox.js';

export type ComponentStatus = 'operational' | 'degraded' | 'partial_outage' | 'major_outage';
export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';
export type Impact = 'minor' | 'major' | 'critical';

export interface Alternative {
  name: string;
  url: string | null;
  phone: string | null;
  note: string | null;
}

export interface ComponentInput {
  name: string;
  description: string | null;
  status: ComponentStatus;
  alternatives: Alternative[];
}

export interface Component extends ComponentInput {
  id: string;
  createdAt: number;
  updatedAt: number;
}

export interface IncidentUpdate {
  id: string;
  status: IncidentStatus;
  message: string;
  components: Record<string, ComponentStatus>;
  nextUpdateBy: number | null;
  postedAt: number;
  postedBy: string;
}

export interface Incident {
  id: string;
  title: string;
  status: IncidentStatus;
  impact: Impact;
  resolvedAt: number | null;
  createdAt: number;
  updatedAt: number;
  /** Newest first. */
  updates: IncidentUpdate[];
}

type ComponentRow = Tables['components']['$inferSelect'];
type UpdateRow = Tables['incidentUpdates']['$inferSelect'];

const componentFromRow = (row: ComponentRow): Component => ({ ...row, alternatives: JSON.parse(row.alternatives) as Alternative[] });

const updateFromRow = (row: UpdateRow): IncidentUpdate => ({
  id: row.id,
  status: row.status,
  message: row.message,
  components: JSON.parse(row.components) as Record<string, ComponentStatus>,
  nextUpdateBy: row.nextUpdateBy,
  postedAt: row.postedAt,
  postedBy: row.postedBy,
});

export type BulletinRepository = ReturnType<typeof bulletinRepository>;

export function bulletinRepository(database: Database) {
  const { db, tables: { components, incidents, incidentUpdates } } = database;
  const audit = auditTrail(database);

  /** The incidents `where` selects, each with its updates newest first. */
  async function incidentsWhere(where: ReturnType<typeof and>, order: 'created' | 'resolved'): Promise<Incident[]> {
    const rows = await db
      .select()
      .from(incidents)
      .where(where)
      .orderBy(order === 'created' ? desc(incidents.createdAt) : desc(incidents.resolvedAt), desc(incidents.id));
    if (rows.length === 0) return [];
    const updates = await db
      .select()
      .from(incidentUpdates)
      .where(inArray(incidentUpdates.incidentId, rows.map((r) => r.id)))
      .orderBy(desc(incidentUpdates.seq));
    const byIncident = new Map<string, IncidentUpdate[]>();
    for (const u of updates) {
      const list = byIncident.get(u.incidentId) ?? [];
      list.push(updateFromRow(u));
      byIncident.set(u.incidentId, list);
    }
    return rows.map((r) => ({ ...r, updates: byIncident.get(r.id) ?? [] }));
  }

  return {
    async components(): Promise<Component[]> {
      return (await db.select().from(components).orderBy(asc(components.name), asc(components.id))).map(componentFromRow);
    },

    async component(id: string): Promise<Component | null> {
      const [row] = await db.select().from(components).where(eq(components.id, id));
      return row ? componentFromRow(row) : null;
    },

    async putComponent(id: string, input: ComponentInput, actor: Actor, at: number): Promise<{ component: Component; created: boolean }> {
      return database.transaction(async (tx) => {
        const [beforeRow] = await tx.select().from(components).where(eq(components.id, id));
        const before = beforeRow ? componentFromRow(beforeRow) : undefined;
        const columns = { name: input.name, description: input.description, status: input.status, alternatives: JSON.stringify(input.alternatives) };
        await tx
          .insert(components)
          .values({ id, ...columns, createdAt: before?.createdAt ?? at, updatedAt: at })
          .onConflictDoUpdate({ target: components.id, set: { ...columns, updatedAt: at } });
        const component: Component = { id, ...input, createdAt: before?.createdAt ?? at, updatedAt: at };
        await audit.record(tx, actor, before ? 'update' : 'create', 'component', id, { before, after: component }, at);
        database.announce(tx, { kind: 'bulletin' });
        return { component, created: !before };
      });
    },

    async deleteComponent(id: string, actor: Actor, at: number): Promise<boolean> {
      return audit.deleteAudited(actor, 'component', id, at, {
        find: async (tx) => (await tx.select().from(components).where(eq(components.id, id)))[0],
        refuse: async (_row, tx) => database.announce(tx, { kind: 'bulletin' }),
        remove: (tx) => tx.delete(components).where(eq(components.id, id)),
        summary: componentFromRow,
      });
    },

    async incident(id: string): Promise<Incident | null> {
      return (await incidentsWhere(eq(incidents.id, id), 'created'))[0] ?? null;
    },

    /** Open incidents (newest first), or those resolved (most recently first), at or after `resolvedSince` when given. */
    async incidents(filter: { status: 'open' | 'resolved'; resolvedSince?: number; limit?: number }): Promise<Incident[]> {
      if (filter.status === 'open') return incidentsWhere(isNull(incidents.resolvedAt), 'created');
      const where = filter.resolvedSince === undefined ? eq(incidents.status, 'resolved') : and(eq(incidents.status, 'resolved'), gte(incidents.resolvedAt, filter.resolvedSince));
      const list = await incidentsWhere(where, 'resolved');
      return filter.limit === undefined ? list : list.slice(0, filter.limit);
    },

    /**
     * Posts an update — of a new incident when `create` is given — with the notices announcing it,
     * in one transaction. The incident takes the update's status; resolving sets resolvedAt, any
     * other status reopens. False when there is no incident `incidentId` (and nothing was stored).
     */
    async postUpdate(
      incidentId: string,
      update: IncidentUpdate,
      notices: (incident: Incident) => NewNotice[],
      actor: Actor,
      create?: { title: string; impact: Impact },
    ): Promise<Incident | null> {
      return database.transaction(async (tx) => {
        const at = update.postedAt;
        if (create) {
          await tx.insert(incidents).values({ id: incidentId, title: create.title, impact: create.impact, status: update.status, resolvedAt: null, createdAt: at, updatedAt: at });
        }
        const resolvedAt = update.status === 'resolved' ? at : null;
        const changed = await tx
          .update(incidents)
          .set({ status: update.status, resolvedAt, updatedAt: at })
          .where(eq(incidents.id, incidentId))
          .returning({ id: incidents.id });
        if (changed.length === 0) return null;
        await tx.insert(incidentUpdates).values({
          id: update.id,
          incidentId,
          status: update.status,
          message: update.message,
          components: JSON.stringify(update.components),
          nextUpdateBy: update.nextUpdateBy,
          postedAt: at,
          postedBy: update.postedBy,
        });
        const [row] = await tx.select().from(incidents).where(eq(incidents.id, incidentId));
        const updates = (await tx.select().from(incidentUpdates).where(eq(incidentUpdates.incidentId, incidentId)).orderBy(desc(incidentUpdates.seq))).map(updateFromRow);
        const incident: Incident = { ...row!, updates };
        const announced = notices(incident);
        await insertNotices(database, tx, announced);
        // Whichever instance sends (the leader) hears of them at once.
        if (announced.length > 0) database.announce(tx, { kind: 'notices' });
        await audit.record(tx, actor, create ? 'create' : 'update', 'incident', incidentId, { after: { status: update.status, update: update.id } }, at);
        database.announce(tx, { kind: 'bulletin' });
        return incident;
      });
    },

    /** Open incidents and those resolved since `resolvedSince`: what the status page shows. */
    async shown(resolvedSince: number): Promise<{ open: Incident[]; resolved: Incident[] }> {
      const all = await incidentsWhere(or(isNull(incidents.resolvedAt), gte(incidents.resolvedAt, resolvedSince)), 'created');
      return {
        open: all.filter((i) => i.resolvedAt === null),
        resolved: all.filter((i) => i.resolvedAt !== null).sort((a, b) => b.resolvedAt! - a.resolvedAt! || (a.id < b.id ? 1 : -1)),
      };
    },
  };
}
