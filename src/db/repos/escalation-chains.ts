import { asc, eq } from 'drizzle-orm';
import { deleteAudited, recordAudit, type Actor } from '../audit.js';
import type { Db } from '../client.js';
import { escalationChains } from '../schema.js';

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

type Row = typeof escalationChains.$inferSelect;

/** A stored row with its JSON document read back. */
export function escalationChainFromRow(row: Row): EscalationChain {
  const doc = JSON.parse(row.document) as Omit<EscalationChainInput, 'name'>;
  return { id: row.id, name: row.name, levels: doc.levels, repeat: doc.repeat, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

export type EscalationChainsRepository = ReturnType<typeof escalationChainsRepository>;

export function escalationChainsRepository(db: Db) {
  return {
    async list(): Promise<EscalationChain[]> {
      return db.select().from(escalationChains).orderBy(asc(escalationChains.id)).all().map(escalationChainFromRow);
    },

    async get(id: string): Promise<EscalationChain | null> {
      const row = db.select().from(escalationChains).where(eq(escalationChains.id, id)).get();
      return row ? escalationChainFromRow(row) : null;
    },

    async put(id: string, input: EscalationChainInput, actor: Actor, at: number): Promise<{ chain: EscalationChain; created: boolean }> {
      return db.transaction(
        (tx) => {
          const beforeRow = tx.select().from(escalationChains).where(eq(escalationChains.id, id)).get();
          const before = beforeRow ? escalationChainFromRow(beforeRow) : undefined;
          const columns = { name: input.name, document: JSON.stringify({ levels: input.levels, repeat: input.repeat }) };
          tx.insert(escalationChains)
            .values({ id, ...columns, createdAt: before?.createdAt ?? at, updatedAt: at })
            .onConflictDoUpdate({ target: escalationChains.id, set: { ...columns, updatedAt: at } })
            .run();
          const chain: EscalationChain = { id, ...input, createdAt: before?.createdAt ?? at, updatedAt: at };
          recordAudit(tx, actor, before ? 'update' : 'create', 'escalation-chain', id, { before, after: chain }, at);
          return { chain, created: !before };
        },
        { behavior: 'immediate' },
      );
    },

    async delete(id: string, actor: Actor, at: number): Promise<boolean> {
      return deleteAudited(db, actor, 'escalation-chain', id, at, {
        find: (tx) => tx.select().from(escalationChains).where(eq(escalationChains.id, id)).get(),
        remove: (tx) => tx.delete(escalationChains).where(eq(escalationChains.id, id)).run(),
        summary: escalationChainFromRow,
      });
    },
  };
}
