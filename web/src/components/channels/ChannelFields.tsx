import { useState } from 'react';
import { DEFAULT_REMIND_BEFORE, EVENTS, KINDS, kindInfo, REMIND_PRESETS, type ChannelDraft } from '../../lib/channels';
import type { ChannelKind } from '../../lib/types';
import { CheckGroup } from '../CheckGroup';
import { Field, TextField } from '../Field';

/**
 * The fields every channel form has (the admins' channel editor, a viewer's "Remind me"): kind, the
 * address of that kind (url, or to for email), events, and how long ahead reminders come.
 */
export function ChannelFields({ draft, set }: { draft: ChannelDraft; set: (patch: Partial<ChannelDraft>) => void }) {
  const info = kindInfo(draft.kind);
  return (
    <>
      <Field label="Kind" path="/kind">
        {(control) => (
          <select {...control} value={draft.kind} onChange={(e) => set({ kind: e.target.value as ChannelKind })}>
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {draft.kind === 'email' ? (
        <TextField label="Email address" path="/to" type="email" required placeholder={info.placeholder} hint={info.hint} value={draft.to} onChange={(to) => set({ to })} />
      ) : (
        <TextField
          label={info.urlLabel}
          path="/url"
          type="url"
          required
          spellCheck={false}
          placeholder={info.placeholder}
          hint={info.hint}
          className="wide"
          value={draft.url}
          onChange={(url) => set({ url })}
        />
      )}
      <CheckGroup
        label="Events"
        path="/events"
        options={EVENTS.map((e) => ({ value: e.type, label: e.label }))}
        value={draft.events}
        onChange={(events) => set({ events })}
      />
      {draft.events.includes('shift.upcoming') && <RemindBeforeField value={draft.remindBefore} onChange={(remindBefore) => set({ remindBefore })} />}
    </>
  );
}

/** How long ahead of a shift its reminder comes: a preset, or any ISO-8601 duration typed in. */
function RemindBeforeField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [custom, setCustom] = useState(() => !REMIND_PRESETS.some((p) => p.value === value));
  return (
    <>
      <Field label="Reminder" path={custom ? undefined : '/remindBefore'}>
        {(control) => (
          <select
            {...control}
            value={custom ? 'custom' : value}
            onChange={(e) => {
              const chosen = e.target.value;
              setCustom(chosen === 'custom');
              if (chosen !== 'custom') onChange(chosen);
            }}
          >
            {REMIND_PRESETS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
            <option value="custom">Other…</option>
          </select>
        )}
      </Field>
      {custom && (
        <TextField
          label="Remind this long before"
          path="/remindBefore"
          required
          spellCheck={false}
          placeholder={DEFAULT_REMIND_BEFORE}
          hint="An ISO-8601 duration from PT1M to P30D: PT30M is 30 minutes, PT36H 36 hours, P3D 3 days."
          value={value}
          onChange={onChange}
        />
      )}
    </>
  );
}
