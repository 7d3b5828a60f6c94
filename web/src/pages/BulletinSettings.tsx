import { useState } from 'react';
import { Field, ProblemScope, ProblemSummary, TextAreaField, TextField } from '../components/Field';
import { PageHeader } from '../components/Layout';
import { FormActions } from '../components/FormActions';
import { api } from '../lib/api';
import { useSchedules } from '../lib/resources';
import type { Bulletin, BulletinSettings, Schedule } from '../lib/types';
import { useFormAction } from '../lib/useAction';
import { useBulletin } from '../lib/useBulletin';

/** Admins: the bulletin's title, whose on-call schedule names the coordinator on duty, and the about text. */
export function BulletinSettingsPage() {
  const bulletin = useBulletin();
  const schedules = useSchedules();
  return (
    <>
      <PageHeader title="Bulletin settings" />
      <ProblemSummary problem={bulletin.problem ?? schedules.problem} />
      {bulletin.data && schedules.data && <SettingsForm initial={bulletin.data} schedules={schedules.data} onSaved={bulletin.reload} />}
    </>
  );
}

function SettingsForm({ initial, schedules, onSaved }: { initial: Bulletin; schedules: Schedule[]; onSaved: () => void }) {
  const [draft, setDraft] = useState({
    title: initial.title,
    coordinatorSchedule: initial.coordinatorSchedule ?? '',
    showCoordinator: initial.showCoordinator,
    about: initial.about ?? '',
  });
  const set = (patch: Partial<typeof draft>) => setDraft((d) => ({ ...d, ...patch }));
  const [saved, setSaved] = useState(false);
  const save = useFormAction(async () => {
    setSaved(false);
    const body: BulletinSettings = { title: draft.title, coordinatorSchedule: draft.coordinatorSchedule || null, showCoordinator: draft.showCoordinator };
    if (draft.about.trim()) body.about = draft.about;
    await api.put('/bulletin', body);
    setSaved(true);
    onSaved();
  });
  return (
    <form className="card bulletin-settings" onSubmit={save.onSubmit} aria-label="Bulletin settings">
      <p className="muted">
        Whoever is on call for the coordinator schedule may post incidents and updates, besides admins.
        {initial.coordinatorSchedule && (initial.coordinator ? ` On duty now: ${initial.coordinator.name}.` : ' Nobody is on call for it now.')}
      </p>
      <ProblemScope problem={save.problem}>
        <div className="form-grid">
          <TextField label="Title" path="/title" required maxLength={200} value={draft.title} onChange={(title) => set({ title })} />
          <Field label="Coordinator schedule" path="/coordinatorSchedule" hint="Its person on call now is the coordinator on duty">
            {(control) => (
              <select {...control} value={draft.coordinatorSchedule} onChange={(e) => set({ coordinatorSchedule: e.target.value })}>
                <option value="">None: only admins post</option>
                {schedules.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Show the coordinator on the status page" path="/showCoordinator" hint="Their name only">
            {(control) => (
              <input {...control} type="checkbox" role="switch" className="switch" checked={draft.showCoordinator} onChange={(e) => set({ showCoordinator: e.target.checked })} />
            )}
          </Field>
        </div>
        <TextAreaField label="About" path="/about" rows={3} maxLength={2000} hint="Shown under the title of the status page" value={draft.about} onChange={(about) => set({ about })} />
      </ProblemScope>
      <FormActions submit="Save settings" busy={save.busy} />
      {saved && (
        <p role="status" className="saved">
          Settings saved.
        </p>
      )}
    </form>
  );
}
