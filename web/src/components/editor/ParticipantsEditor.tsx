import { useState } from 'react';
import { nameIn } from '../../lib/resources';
import type { Person } from '../../lib/types';
import { Field, type ControlProps } from '../Field';
import { PersonName } from '../PersonName';

/**
 * Up to this many people, each is a button that adds them in one click (a select and "Add" took
 * three). More would be a wall of buttons: a select and "Add" then. Adding on the select's own
 * change is not an option: keyboard users change a closed select with every arrow key.
 */
const ONE_CLICK_UP_TO = 12;

/** The rotation order of a layer: add people (repeats allowed), move them, remove them. */
export function ParticipantsEditor({ path, participants, people, onChange }: {
  path: string;
  participants: string[];
  people: Person[];
  onChange: (ids: string[]) => void;
}) {
  const names = (id: string) => nameIn(people, id);
  const add = (id: string) => onChange([...participants, id]);
  const move = (i: number, delta: number) => {
    const next = [...participants];
    const [item] = next.splice(i, 1);
    next.splice(i + delta, 0, item!);
    onChange(next);
  };
  return (
    <div className="participants">
      <Field label="Add participant" path={path} nested>
        {(control) => (people.length <= ONE_CLICK_UP_TO ? <PersonButtons control={control} people={people} onAdd={add} /> : <PersonPicker control={control} people={people} onAdd={add} />)}
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

/** One button per person; the group is what the field's label and errors describe. */
function PersonButtons({ control, people, onAdd }: { control: ControlProps; people: Person[]; onAdd: (id: string) => void }) {
  const { 'aria-invalid': _invalid, ...described } = control;
  if (people.length === 0) return <p className="muted small" {...described}>No people yet: add them on the People page first.</p>;
  return (
    <div role="group" aria-label="Add participant" className="add-buttons person-buttons" {...described}>
      {people.map((p) => (
        <button type="button" key={p.id} aria-label={`Add ${p.name}`} onClick={() => onAdd(p.id)}>
          <span aria-hidden="true">+ </span>
          {p.name}
        </button>
      ))}
    </div>
  );
}

/** A select of everyone and an "Add" button, for long lists of people. */
function PersonPicker({ control, people, onAdd }: { control: ControlProps; people: Person[]; onAdd: (id: string) => void }) {
  const [pick, setPick] = useState('');
  return (
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
          onAdd(pick);
          setPick('');
        }}
      >
        Add
      </button>
    </div>
  );
}
