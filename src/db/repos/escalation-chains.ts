import { asc, eq } from 'drizzle-orm';
import { auditTrail, type Actor } from '../audit.js';
import type { Database, Tables } from '../database.js';

/** A level's target: exactly one of schedule or person (spec §8). */
export type ChainTarget = { schedule: string } | { person: string };

export interface ChainLevel {
  targets: ChainTarget[];
  escalateAfterMinutes: number;
}

export interface EscalationChainInput {
  name: string;
  levels: ChainLevel[];
  repeat: number;
}

export interface EscalationChain extends EscalationChainInput {
  id: string;
  createdAt: number;
  updatedAt: number;
}

type Row = Tables['escalationChains']['$inferSelect'];

/** A stored row with its JSON document read back. */
export function escalationChainFromRow(row: Row): EscalationChain {
  const doc = JSON.parse(row.document) as Omit<EscalationChainInput, 'name'>;
  return { id: row.id, name: row.name, levels: doc.levels, repeat: doc.repeat, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

export type EscalationChainsRepository = ReturnType<typeof escalationChainsRepository>;

export function escalationChainsRepository(database: Database) {
  const { db, tables: { escalationChains } } = database;
  const audit = auditTrail(database);
  return {
    async list(): Promise<EscalationChain[]> {
      return (await db.select().from(escalationChains).orderBy(asc(escalationChains.id))).map(escalationChainFromRow);
    },

    async get(id: string): Promise<EscalationChain | null> {
      const [row] = await db.select().from(escalationChains).where(eq(escalationChains.id, id));
      return row ? escalationChainFromRow(row) : null;
    },

    async put(id: string, input: EscalationChainInput, actor: Actor, at: number): Promise<{ chain: EscalationChain; created: boolean }> {
      return database.transaction(async (tx) => {
        const [beforeRow] = await tx.select().from(escalationChains).where(eq(escalationChains.id, id));
        const before = beforeRow ? escalationChainFromRow(beforeRow) : undefined;
        const columns = { name: input.name, document: JSON.stringify({ levels: input.levels, repeat: input.repeat }) };
        await tx
          .insert(escalationChains)
          .values({ id, ...columns, createdAt: before?.createdAt ?? at, updatedAt: at })
          .onConflictDoUpdate({ target: escalationChains.id, set: { ...columns, updatedAt: at } });
        const chain: EscalationChain = { id, ...input, createdAt: before?.createdAt ?? at, updatedAt: at };
        await audit.record(tx, actor, before ? 'update' : 'create', 'escalation-chain', id, { before, after: chain }, at);
        return { chain, created: !before };
      });
    },

    async delete(id: string, actor: Actor, at: number): Promise<boolean> {
      return audit.deleteAudited(actor, 'escalation-chain', id, at, {
        find: async (tx) => (await tx.select().from(escalationChains).where(eq(escalationChains.id, id)))[0],
        remove: (tx) => tx.delete(escalationChains).where(eq(escalationChains.id, id)),
        summary: escalationChainFromRow,
      });
    },
  };
}
