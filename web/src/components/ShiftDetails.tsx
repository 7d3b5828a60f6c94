import type { ReactNode } from 'react';
import { formatHours, formatInstant } from '../lib/time';
import type { Shift } from '../lib/types';
import { PersonName } from './PersonName';

const SOURCE_LABELS = { override: 'Override', layer: 'Layer rotation', fallback: 'Fallback person', gap: 'Gap — nobody on call' };

/**
 * Details of the shift piece picked on the timeline (by click, tap or keyboard), shown right under
 * its row: the one readable account of a piece too narrow for a label. `children` are the
 * page's actions on the shift (take it, swap it).
 */
export function ShiftDetails({ shift, zone, names, layerName = (id) => id, onClose, children }: {
  shift: Shift;
  zone: string;
  names: (id: string) => string;
  layerName?: (id: string) => string;
  onClose: () => void;
  children?: ReactNode;
}) {
  return (
    <section className="shift-details" aria-label="Selected shift">
      <dl>
        <dt>Who</dt>
        <dd>
          <PersonName person={shift.person} names={names} />
        </dd>
        <dt>From</dt>
        <dd>{formatInstant(shift.start, zone)}</dd>
        <dt>To</dt>
        <dd>{formatInstant(shift.end, zone)}</dd>
        <dt>Length</dt>
        <dd>{formatHours(Date.parse(shift.end) - Date.parse(shift.start))}</dd>
        <dt>Source</dt>
        <dd>
          {SOURCE_LABELS[shift.source]}
          {shift.layer && ` (${layerName(shift.layer)})`}
          {shift.override && ` (${shift.override})`}
        </dd>
      </dl>
      <div className="form-actions">
        {children}
        <button type="button" onClick={onClose}>
          Close details
        </button>
      </div>
      <p className="zone">Times in {zone}</p>
    </section>
  );
}
