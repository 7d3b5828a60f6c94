import type { Person, Schedule, Target } from '../lib/types';

/** What a schedule-or-person select picks: `{ schedule: id }` or `{ person: id }` (an escalation target, a feed's subject). */
export type Subject = Target;

/** A select value for a subject: "schedule:comms" or "person:alice". */
export const subjectKey = (s: Subject) => ('schedule' in s ? `schedule:${s.schedule}` : `person:${s.person}`);

export function parseSubject(key: string): Subject {
  const [kind, id = ''] = key.split(/:(.*)/);
  return kind === 'schedule' ? { schedule: id } : { person: id };
}

/** The options of a schedule-or-person select, as two groups; values as `subjectKey` makes them. */
export function SubjectOptions({ schedules, people, schedulesLabel, peopleLabel }: {
  schedules: Schedule[] | undefined;
  people: Person[] | undefined;
  schedulesLabel: string;
  peopleLabel: string;
}) {
  return (
    <>
      <optgroup label={schedulesLabel}>
        {schedules?.map((s) => (
          <option key={s.id} value={subjectKey({ schedule: s.id })}>
            {s.name}
          </option>
        ))}
      </optgroup>
      <optgroup label={peopleLabel}>
        {people?.map((p) => (
          <option key={p.id} value={subjectKey({ person: p.id })}>
            {p.name}
          </option>
        ))}
      </optgroup>
    </>
  );
}
