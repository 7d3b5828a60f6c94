import { useState } from 'react';
import type { Person } from '../../lib/types';
import { Field } from '../Field';
import { PersonName } from '../PersonName';

/** The rotation order of a layer: add people (repeats allowed), move them, remove them. */
export function ParticipantsEditor({ path, participants, people, onChange }: {
  path: string;
  participants: string[];
  people: Person[];
  onChange: (ids: string[]) => void;
}) {
  const [pick, setPick] = useState('');
  const names = (id: string) => people.find((p) => p.id === id)?.name ?? id;
  const move = (i: number, delta: number) => {
    const next = [...participants];
    const [item] = next.splice(i, 1);
    next.splice(i + delta, 0, item!);
    onChange(next);
  };
  return (
    <div className="participants">
      <Field label="Add participant" path={path} nested>
        {(control) => (
          <div className="row">
            <select {...control} value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">Choose a person…</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={!pick}
              onClick={() => {
                onChange([...participants, pick]);
                setPick('');
              }}
            >
              Add
            </button>
          </div>
        )}
      </Field>
      {participants.length === 0 ? (
        <p className="muted small">No participants yet: this layer covers nobody.</p>
      ) : (
        <ol className="participant-list" aria-label="Rotation order">
          {participants.map((id, i) => (
            <li key={`${id}-${i}`}>
              <PersonName person={id} names={names} />
              <span className="row-actions">
                <button type="button" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move ${names(id)} up`}>
                  ↑
                </button>
                <button type="button" disabled={i === participants.length - 1} onClick={() => move(i, 1)} aria-label={`Move ${names(id)} down`}>
                  ↓
                </button>
                <button type="button" onClick={() => onChange(participants.filter((_, j) => j !== i))} aria-label={`Remove ${names(id)}`}>
                  ✕
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
