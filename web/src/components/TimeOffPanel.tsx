import { useState } from 'react';
import { api, enc } from '../lib/api';
import { DAY, formatRange, localInputToIso, startOfLocalDay, toLocalInput } from '../lib/time';
import type { Person, TimeOff } from '../lib/types';
import { useDeleteAction, useFormAction } from '../lib/useAction';
import { useData } from '../lib/useData';
import { DeleteButton } from './DeleteButton';
import { ProblemScope, ProblemSummary, TextField } from './Field';
import { FormActions } from './FormActions';

/** How far ahead the list looks: the server's longest window (3 years), less a day to stay inside it. */
const LIST_AHEAD_MS = 1095 * DAY;

/**
 * A person's current and upcoming time off (spec §13): the list, and for whoever may write it (an
 * admin, or the person themselves) adding and deleting entries. Times are local to `zone`.
 */
export function TimeOffPanel({ person, zone, canEdit, onChanged, onClose }: {
  person: Person;
  zone: string;
  canEdit: boolean;
  /** After an entry is added or deleted (what the page shows may have moved). */
  onChanged?: () => void;
  /** Offers a "Close" button (a panel opened from a list). */
  onClose?: () => void;
}) {
  const collection = `/people/${enc(person.id)}/time-off`;
  const list = useData(() => {
    const now = Date.now();
    return api.get<{ timeOff: TimeOff[] }>(collection, { from: new Date(now).toISOString(), to: new Date(now + LIST_AHEAD_MS).toISOString() });
  }, [collection]);
  const changed = () => {
    list.reload();
    onChanged?.();
  };
  const remove = useDeleteAction(collection, changed);
  // Each saved entry starts the form afresh.
  const [added, setAdded] = useState(0);
  const entries = list.data?.timeOff;
  return (
    <section className="card time-off" aria-labelledby={`time-off-${person.id}`}>
      <h2 id={`time-off-${person.id}`}>Time off of {person.name}</h2>
      <ProblemSummary problem={list.problem ?? remove.problem} />
      {entries?.length === 0 && <p className="empty">No time off planned.</p>}
      <ul className="plain-list" aria-label={`Time off of ${person.name}`}>
        {entries?.map((t) => (
          <li key={t.id} className="list-item">
            <div>
              <span>{formatRange(t.start, t.end, zone)}</span>
              {t.note && <div className="note">{t.note}</div>}
            </div>
            {canEdit && <DeleteButton what={`time off ${formatRange(t.start, t.end, zone)}`} onDelete={() => void remove.run(t.id)} />}
          </li>
        ))}
      </ul>
      {canEdit && (
        <TimeOffForm
          key={added}
          collection={collection}
          zone={zone}
          onSaved={() => {
            setAdded((n) => n + 1);
            changed();
          }}
        />
      )}
      {onClose && (
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            Close time off
          </button>
        </div>
      )}
    </section>
  );
}

/** A new entry, from tomorrow 00:00 to the day after in `zone` unless changed. */
function TimeOffForm({ collection, zone, onSaved }: { collection: string; zone: string; onSaved: () => void }) {
  const now = Date.now();
  const [start, setStart] = useState(() => toLocalInput(startOfLocalDay(now, zone, 1), zone));
  const [end, setEnd] = useState(() => toLocalInput(startOfLocalDay(now, zone, 2), zone));
  const [note, setNote] = useState('');
  const save = useFormAction(async () => {
    await api.post<TimeOff>(collection, { start: localInputToIso(start, zone), end: localInputToIso(end, zone), note: note || undefined });
    onSaved();
  });
  return (
    <form className="form-grid time-off-form" onSubmit={save.onSubmit} aria-label="Add time off">
      <h3>Add time off</h3>
      <ProblemScope problem={save.problem}>
        <TextField label={`Away from (${zone})`} path="/start" type="datetime-local" required value={start} onChange={setStart} />
        <TextField label={`Back at (${zone})`} path="/end" type="datetime-local" required value={end} onChange={setEnd} />
        <TextField label="Note" path="/note" value={note} onChange={setNote} />
      </ProblemScope>
      <FormActions submit="Add time off" busy={save.busy} />
    </form>
  );
}
