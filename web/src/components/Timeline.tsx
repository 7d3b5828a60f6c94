import type { CSSProperties } from 'react';
import { usePersonColor } from '../lib/personColors';
import { formatInstant, formatRange, startOfLocalDay, localParts } from '../lib/time';
import type { Interval, Shift } from '../lib/types';
import { personId } from './PersonName';

export interface TimelineRow {
  key: string;
  label: string;
  shifts: Shift[];
  /** The final schedule row: gaps are drawn (in red); layer rows leave inactive time blank. */
  final?: boolean;
}

export interface SelectedShift {
  shift: Shift;
  row: string;
}

interface TimelineProps {
  zone: string;
  start: number;
  end: number;
  rows: TimelineRow[];
  names: (id: string) => string;
  /** Gaps to mark in an extra row (e.g. those a 409 coverage refusal named). */
  refusedGaps?: Interval[];
  selected?: SelectedShift | null;
  onSelect?: (selection: SelectedShift) => void;
  now?: number;
}

/** The PagerDuty-style picture: one row per layer and one for the final schedule. */
export function Timeline({ zone, start, end, rows, names, refusedGaps, selected, onSelect, now = Date.now() }: TimelineProps) {
  const colorOf = usePersonColor();
  const span = end - start;
  const pct = (ms: number) => `${(Math.min(Math.max(ms, start), end) - start) / span * 100}%`;
  const days: number[] = [];
  for (let d = start; d < end; d = startOfLocalDay(d, zone, 1)) days.push(d);
  const dayStyle = days.length > 14 ? 'dayNumber' : 'day';
  const weekend = (d: number) => {
    const p = localParts(d, zone);
    const wd = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
    return wd === 0 || wd === 6;
  };
  const grid = (
    <>
      {days.map((d) => (
        <span key={d} className={`tl-day${weekend(d) ? ' tl-weekend' : ''}`} style={{ left: pct(d), width: `calc(${pct(startOfLocalDay(d, zone, 1))} - ${pct(d)})` }} />
      ))}
      {now >= start && now < end && <span className="tl-now" style={{ left: pct(now) }} title={`Now: ${formatInstant(now, zone)}`} />}
    </>
  );

  const allRows: TimelineRow[] = refusedGaps?.length
    ? [...rows, { key: 'refused', label: 'Refused: gaps', shifts: refusedGaps.map((g) => ({ ...g, person: null, source: 'gap', layer: null, override: null })), final: true }]
    : rows;

  return (
    <div className="timeline" role="group" aria-label={`Timeline ${formatRange(start, end, zone)} (${zone})`}>
      <div className="tl-row tl-header" aria-hidden="true">
        <div className="tl-label" />
        <div className="tl-track">
          {days.map((d) => (
            <span key={d} className="tl-day-label" style={{ left: pct(d) }}>
              {formatInstant(d, zone, dayStyle)}
            </span>
          ))}
          {now >= start && now < end && <span className="tl-now-label" style={{ left: pct(now) }}>now</span>}
        </div>
      </div>
      {allRows.map((row) => (
        <div key={row.key} className={`tl-row${row.final ? ' tl-final' : ''}`}>
          <div className="tl-label" title={row.label}>
            {row.label}
          </div>
          <div className="tl-track">
            {grid}
            {row.shifts
              .filter((s) => Date.parse(s.end) > start && Date.parse(s.start) < end && (row.final || s.source !== 'gap'))
              .map((shift) => {
                const id = personId(shift.person);
                const name = id ? names(id) : 'Nobody (gap)';
                const s = Date.parse(shift.start);
                const e = Date.parse(shift.end);
                const isSelected = selected?.row === row.key && selected.shift.start === shift.start && selected.shift.end === shift.end;
                const style: CSSProperties = { left: pct(s), width: `calc(${pct(e)} - ${pct(s)})`, background: id ? colorOf(id) : undefined };
                const describe = `${name}, ${formatRange(s, e, zone)}${shift.source === 'override' ? ', override' : ''}${shift.source === 'fallback' ? ', fallback' : ''}`;
                return (
                  <button
                    type="button"
                    key={`${shift.start}|${shift.end}`}
                    className={`tl-shift tl-${shift.source}${isSelected ? ' tl-selected' : ''}`}
                    style={style}
                    title={describe}
                    aria-label={`${row.label}: ${describe}`}
                    aria-pressed={onSelect ? isSelected : undefined}
                    onClick={() => onSelect?.({ shift, row: row.key })}
                  >
                    <span>{shift.source === 'gap' ? 'Gap' : name}</span>
                  </button>
                );
              })}
          </div>
        </div>
      ))}
    </div>
  );
}

/** The rows of a timeline from an API answer: each layer (top = lowest priority), then the final schedule. */
export function timelineRows(final: Shift[], layers: { layerId: string; name?: string; shifts: Shift[] }[] = []): TimelineRow[] {
  return [
    ...layers.map((l) => ({ key: `layer:${l.layerId}`, label: l.name || l.layerId, shifts: l.shifts })),
    { key: 'final', label: 'Final schedule', shifts: final, final: true },
  ];
}
