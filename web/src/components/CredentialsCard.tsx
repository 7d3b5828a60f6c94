import type { ReactNode } from 'react';
import { browserTimeZone, formatInstant } from '../lib/time';
import type { Problem } from '../lib/types';
import { ProblemSummary } from './Field';
import { TableScroll } from './TableScroll';

export interface CredentialColumn<T> {
  header: string;
  cell: (item: T) => ReactNode;
}

/**
 * The card listing issued credentials (API tokens, feed links): the given columns, then when each
 * was created and last used (in the browser's zone), then its actions (Revoke).
 */
export function CredentialsCard<T extends { id: string; createdAt: string }>({ titleId, title, items, problem, emptyText, columns, lastUsed, actions }: {
  titleId: string;
  title: string;
  items: T[] | undefined;
  problem: Problem | null;
  emptyText: string;
  columns: CredentialColumn<T>[];
  lastUsed: (item: T) => string | null | undefined;
  actions: (item: T) => ReactNode;
}) {
  const zone = browserTimeZone();
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <ProblemSummary problem={problem} />
      {items?.length === 0 && <p className="empty">{emptyText}</p>}
      <TableScroll label={title}>
        <table className="table compact">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col">
                  {c.header}
                </th>
              ))}
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {items?.map((item) => {
              const used = lastUsed(item);
              return (
                <tr key={item.id}>
                  {columns.map((c) => (
                    <td key={c.header}>{c.cell(item)}</td>
                  ))}
                  <td>{formatInstant(item.createdAt, zone, 'shortDateTime')}</td>
                  <td>{used ? formatInstant(used, zone, 'shortDateTime') : 'never'}</td>
                  <td>{actions(item)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      <p className="muted small">Times in {zone}.</p>
    </section>
  );
}
