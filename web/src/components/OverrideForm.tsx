import { useState } from 'react';
import { api, enc } from '../lib/api';
import { localInputToIso, toLocalInput } from '../lib/time';
import type { Override, Person } from '../lib/types';
import { useFormAction } from '../lib/useAction';
import { ProblemScope, TextField } from './Field';
import { FormActions } from './FormActions';
import { PersonSelect } from './PersonSelect';

export interface OverrideDraft {
  person: string;
  start: number;
  end: number;
  note: string;
}

/** Create an override; start/end are entered as local times in the schedule's zone. */
export function OverrideForm({ scheduleId, zone, people, draft, onSaved, onCancel }: {
  scheduleId: string;
  zone: string;
  people: Person[];
  draft: OverrideDraft;
  onSaved: (o: Override) => void;
  onCancel: () => void;
}) {
  const [person, setPerson] = useState(draft.person);
  const [start, setStart] = useState(toLocalInput(draft.start, zone));
  const [end, setEnd] = useState(toLocalInput(draft.end, zone));
  const [note, setNote] = useState(draft.note);
  const save = useFormAction(async () => {
    const body = { person, start: localInputToIso(start, zone), end: localInputToIso(end, zone), note: note || undefined };
    onSaved(await api.post<Override>(`/schedules/${enc(scheduleId)}/overrides`, body));
  });
  return (
    <form className="card form-grid override-form" onSubmit={save.onSubmit} aria-label="New override">
      <h2>New override</h2>
      <ProblemScope problem={save.problem}>
        <PersonSelect label="Person" path="/person" people={people} value={person} onChange={setPerson} required />
        <TextField label={`Start (${zone})`} path="/start" type="datetime-local" required value={start} onChange={setStart} />
        <TextField label={`End (${zone})`} path="/end" type="datetime-local" required value={end} onChange={setEnd} />
        <TextField label="Note" path="/note" value={note} onChange={setNote} />
      </ProblemScope>
      <FormActions submit="Add override" busy={save.busy} onCancel={onCancel} />
    </form>
  );
}
