import type { ReactNode } from 'react';

/**
 * The box of a table that may be wider than a phone: the table scrolls sideways inside it, never
 * the page. Focusable and named, so a keyboard can scroll it too (axe: scrollable-region-focusable);
 * a group rather than a region, to add no landmark per table.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="group" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
