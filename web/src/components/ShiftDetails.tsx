import { formatHours, formatInstant } from '../lib/time';
import type { Shift } from '../lib/types';
import { PersonName } from './PersonName';

const SOURCE_LABELS = { override: 'Override', layer: 'Layer rotation', fallback: 'Fallback person', gap: 'Gap — nobody on call' };

/** Details of the shift picked on the timeline, with the override shortcuts for editors. */
export function ShiftDetails({ shift, zone, names, onTake, onSwap, onClose }: {
  shift: Shift;
  zone: string;
  names: (id: string) => string;
  onTake?: () => void;
  onSwap?: () => void;
  onClose: () => void;
}) {
  return (
    <section className="card shift-details" aria-label="Selected shift">
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
          {shift.layer && ` (${shift.layer})`}
          {shift.override && ` (${shift.override})`}
        </dd>
      </dl>
      <div className="form-actions">
        {onTake && (
          <button type="button" className="primary" onClick={onTake}>
            Take this shift
          </button>
        )}
        {onSwap && shift.person && (
          <button type="button" onClick={onSwap}>
            Swap
          </button>
        )}
        <button type="button" onClick={onClose}>
          Close details
        </button>
      </div>
    </section>
  );
}
