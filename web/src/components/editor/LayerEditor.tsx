import { withoutStub } from '../../lib/rotations';
import type { ActiveWhen, HolidayCalendar, Layer, Person, WhenAway } from '../../lib/types';
import { Field, TextField } from '../Field';
import { ActiveWhenEditor } from './ActiveWhenEditor';
import { ParticipantsEditor } from './ParticipantsEditor';
import { RotationEditor } from './RotationEditor';

interface LayerEditorProps {
  index: number;
  count: number;
  layer: Layer;
  zone: string;
  people: Person[];
  calendars: HolidayCalendar[];
  onChange: (layer: Layer) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

export function LayerEditor({ index, count, layer, zone, people, calendars, onChange, onMove, onRemove }: LayerEditorProps) {
  const path = `/layers/${index}`;
  const title = layer.name || layer.id || `Layer ${index + 1}`;
  // A per-window rotation follows its windows: a start a new span puts mid-window moves to the window's start.
  const setActiveWhen = (activeWhen: ActiveWhen) =>
    onChange({ ...layer, activeWhen, rotation: 'per' in layer.rotation ? { ...layer.rotation, start: withoutStub(activeWhen, layer.rotation.start) } : layer.rotation });
  return (
    <fieldset className="card layer-editor">
      <legend>
        Layer {index + 1}: {title}
        {count > 1 && <span className="muted small"> {index === count - 1 ? '(wins over the layers above)' : ''}</span>}
      </legend>
      <div className="layer-toolbar" role="group" aria-label={`Layer ${index + 1} actions`}>
        <button type="button" disabled={index === 0} onClick={() => onMove(-1)}>
          Move layer up
        </button>
        <button type="button" disabled={index === count - 1} onClick={() => onMove(1)}>
          Move layer down
        </button>
        <button type="button" className="danger-quiet" onClick={onRemove}>
          Remove layer
        </button>
      </div>
      <div className="layer-grid">
        <div className="layer-col">
          <div className="row">
            <TextField label="Layer id" path={`${path}/id`} required value={layer.id} spellCheck={false} onChange={(id) => onChange({ ...layer, id })} />
            <TextField label="Layer name" path={`${path}/name`} value={layer.name ?? ''} onChange={(name) => onChange({ ...layer, name })} />
          </div>
          <ParticipantsEditor path={`${path}/participants`} participants={layer.participants} people={people} onChange={(participants) => onChange({ ...layer, participants })} />
          <RotationEditor path={`${path}/rotation`} rotation={layer.rotation} zone={zone} activeWhen={layer.activeWhen} onChange={(rotation) => onChange({ ...layer, rotation })} />
          <div className="row">
            <TextField
              label={`Ends at (${zone})`}
              path={`${path}/end`}
              type="datetime-local"
              hint="Optional: the layer stops here; empty for never"
              value={layer.end ?? ''}
              onChange={(end) => onChange({ ...layer, end: end || undefined })}
            />
            <Field label="When someone is away" path={`${path}/whenAway`} hint="While the person on call has time off">
              {(control) => (
                <select {...control} value={layer.whenAway ?? 'keep'} onChange={(e) => onChange({ ...layer, whenAway: e.target.value as WhenAway })}>
                  <option value="keep">Keep them on (a conflict)</option>
                  <option value="next">Next available covers</option>
                </select>
              )}
            </Field>
          </div>
        </div>
        <ActiveWhenEditor path={`${path}/activeWhen`} value={layer.activeWhen} calendars={calendars} onChange={setActiveWhen} />
      </div>
    </fieldset>
  );
}
