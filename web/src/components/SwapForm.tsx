import { useState } from 'react';
import { api, enc } from '../lib/api';
import { useUpcomingShifts, UPCOMING_WEEKS } from '../lib/personShifts';
import { nameOf } from '../lib/resources';
import { formatRange } from '../lib/time';
import type { Person, PersonShift, Swap, SwapSide } from '../lib/types';
import { useFormAction } from '../lib/useAction';
import { ChoiceButtons } from './ChoiceButtons';
import { ProblemScope, ProblemSummary, TextField } from './Field';
import { FormActions } from './FormActions';
import { PersonSelect } from './PersonSelect';

/**
 * A two-way swap (spec §13): the shift picked on the timeline (`a`) traded for one of another
 * person's upcoming shifts in this schedule. The server stores both overrides or neither.
 */
export function SwapForm({ scheduleId, zone, people, a, onSaved, onCancel }: {
  scheduleId: string;
  zone: string;
  people: Person[];
  a: SwapSide;
  onSaved: (swap: Swap) => void;
  onCancel: () => void;
}) {
  const [other, setOther] = useState('');
  const [pick, setPick] = useState<PersonShift | null>(null);
  const [note, setNote] = useState('');
  const names = (id: string) => nameOf(people, id);
  const save = useFormAction(async () => {
    if (!pick) return;
    const b: SwapSide = { person: other, start: pick.start, end: pick.end };
    onSaved(await api.post<Swap>(`/schedules/${enc(scheduleId)}/swaps`, { a, b, note: note || undefined }));
  });
  return (
    <form className="card form-grid swap-form" onSubmit={save.onSubmit} aria-label="Swap shifts">
      <h2>Swap shifts</h2>
      <p className="wide">
        {names(a.person)} gives away {formatRange(a.start, a.end, zone)}.
      </p>
      <ProblemScope problem={save.problem}>
        <PersonSelect
          label="Swap with"
          path="/b/person"
          people={people.filter((p) => p.id !== a.person)}
          value={other}
          required
          onChange={(id) => {
            setOther(id);
            setPick(null);
          }}
        />
        {other && <TheirShifts key={other} scheduleId={scheduleId} personId={other} name={names(other)} a={a} zone={zone} pick={pick} onPick={setPick} />}
        {pick && (
          <p className="swap-preview wide" role="status">
            {names(other)} covers {formatRange(a.start, a.end, zone)}; {names(a.person)} covers {formatRange(pick.start, pick.end, zone)}.
          </p>
        )}
        <TextField label="Note" path="/note" value={note} onChange={setNote} />
      </ProblemScope>
      <FormActions submit="Swap shifts" busy={save.busy} submitDisabled={!pick} onCancel={onCancel} />
    </form>
  );
}

/** The other person's upcoming shifts in this schedule that do not overlap a's stretch (a swap of overlapping stretches is refused). */
function TheirShifts({ scheduleId, personId, name, a, zone, pick, onPick }: {
  scheduleId: string;
  personId: string;
  name: string;
  a: SwapSide;
  zone: string;
  pick: PersonShift | null;
  onPick: (shift: PersonShift) => void;
}) {
  const shifts = useUpcomingShifts(personId);
  const [aStart, aEnd] = [Date.parse(a.start), Date.parse(a.end)];
  const choices = (shifts.data ?? []).filter((s) => s.schedule === scheduleId && (Date.parse(s.end) <= aStart || Date.parse(s.start) >= aEnd));
  if (shifts.problem) return <ProblemSummary problem={shifts.problem} />;
  if (!shifts.data) return <p className="loading wide">Loading {name}'s shifts…</p>;
  if (choices.length === 0) return <p className="empty wide">{name} has no other shift in this schedule in the next {UPCOMING_WEEKS} weeks.</p>;
  return (
    <ChoiceButtons
      legend={`${name}'s shift`}
      name="swap-b"
      path="/b/start"
      className="choices-stacked wide"
      options={choices.map((s) => ({ value: s.start, label: formatRange(s.start, s.end, zone) }))}
      value={pick?.start ?? ''}
      onChange={(start) => onPick(choices.find((s) => s.start === start)!)}
    />
  );
}
