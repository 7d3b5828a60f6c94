import { applyPreset, presetOf, PRESET_LABELS, type RotationPreset } from '../../lib/rotations';
import type { ActiveWhen, Rotation } from '../../lib/types';
import { Field, TextField } from '../Field';

/** A rotation: a preset picker plus the raw fields (duration / RRULE / start) it fills in, all editable. */
export function RotationEditor({ path, rotation, zone, activeWhen, onChange }: {
  path: string;
  rotation: Rotation;
  zone: string;
  /** The layer's, where a per-window rotation's start is placed. */
  activeWhen: ActiveWhen | undefined;
  onChange: (r: Rotation) => void;
}) {
  const preset = presetOf(rotation);
  const hours = 'every' in rotation ? /^PT(\d+)H$/.exec(rotation.every)?.[1] : undefined;
  return (
    <div className="rotation-editor">
      <Field label="Rotation" path={path}>
        {(control) => (
          <select {...control} value={preset} onChange={(e) => onChange(applyPreset(e.target.value as RotationPreset, rotation, zone, activeWhen))}>
            {(Object.keys(PRESET_LABELS) as RotationPreset[]).map((p) => (
              <option key={p} value={p}>
                {PRESET_LABELS[p]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {preset === 'hours' && (
        <TextField
          label="Hours per shift"
          type="number"
          min={1}
          max={720}
          value={hours ?? ''}
          onChange={(n) => onChange({ every: `PT${n}H`, start: rotation.start })}
        />
      )}
      {'every' in rotation && (
        <TextField
          label="Every (ISO-8601 duration)"
          path={`${path}/every`}
          hint="PT8H, P1D, P1W, P2W, P1M…"
          value={rotation.every}
          spellCheck={false}
          onChange={(every) => onChange({ every, start: rotation.start })}
        />
      )}
      {'rrule' in rotation && (
        <TextField
          label="RRULE"
          path={`${path}/rrule`}
          hint="RFC 5545, e.g. FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0"
          className="wide"
          value={rotation.rrule}
          spellCheck={false}
          onChange={(rrule) => onChange({ rrule, start: rotation.start })}
        />
      )}
      <TextField
        label={`Start (${zone})`}
        path={`${path}/start`}
        type="datetime-local"
        hint={'per' in rotation ? 'The first window ending after this starts the rotation' : 'First handoff; the rotation counts from here'}
        value={rotation.start}
        onChange={(start) => onChange({ ...rotation, start })}
      />
    </div>
  );
}
