import { useId } from 'react';
import { formatInstant, localInputToIso, localParts, toLocalInput } from '../lib/time';
import { VIEW_LABELS, type TimelineView, type TimelineWindow } from '../lib/useTimelineWindow';

/** Previous / today / next, the view switch and a "go to date" picker for a timeline. */
export function TimelineNav({ window: w, zone }: { window: TimelineWindow; zone: string }) {
  const dateId = useId();
  const last = w.end - 1;
  return (
    <div className="timeline-nav">
      <div className="button-group" role="group" aria-label="Move timeline">
        <button type="button" onClick={() => w.move(-1)}>
          <span aria-hidden="true">‹ </span>Previous
        </button>
        <button type="button" onClick={() => w.goTo(Date.now())}>
          Today
        </button>
        <button type="button" onClick={() => w.move(1)}>
          Next<span aria-hidden="true"> ›</span>
        </button>
      </div>
      <strong className="timeline-title" aria-live="polite">
        {w.view === 'day' ? formatInstant(w.start, zone, 'day') : `${formatInstant(w.start, zone, 'day')} – ${formatInstant(last, zone, 'day')}`}{' '}
        {localParts(last, zone).year}
      </strong>
      <div className="button-group" role="group" aria-label="Timeline view">
        {(Object.keys(VIEW_LABELS) as TimelineView[]).map((view) => (
          <button type="button" key={view} aria-pressed={w.view === view} onClick={() => w.setView(view)}>
            {VIEW_LABELS[view]}
          </button>
        ))}
      </div>
      <div className="inline-field">
        <label htmlFor={dateId}>Go to date</label>
        <input
          id={dateId}
          type="date"
          value={toLocalInput(w.start, zone).slice(0, 10)}
          onChange={(e) => {
            const iso = localInputToIso(e.target.value, zone);
            if (iso) w.goTo(Date.parse(iso));
          }}
        />
      </div>
      <span className="zone">Times in {zone}</span>
    </div>
  );
}
