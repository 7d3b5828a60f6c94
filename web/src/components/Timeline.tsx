import { Fragment, useState, type CSSProperties, type ReactNode } from 'react';
import { usePersonColor } from '../lib/personColors';
import { formatCalendarDate, formatInstant, formatRange } from '../lib/time';
import { axisTicks, fittingLabel, MIN_TARGET } from '../lib/timelineLayout';
import type { Interval, Shift } from '../lib/types';
import { useHolidays } from '../lib/useHolidays';
import { useNow } from '../lib/useNow';
import { useWidth } from '../lib/useWidth';
import { personId } from './PersonName';
import { ShiftDetails } from './ShiftDetails';

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
  /** Holiday calendars whose days are marked and named (the schedule's: holidayCalendarsOf). */
  holidayCalendars?: string[];
  /** The selected piece when the page keeps it (to act on it); otherwise the timeline keeps its own. */
  selected?: SelectedShift | null;
  onSelect?: (selection: SelectedShift | null) => void;
  /** The page's actions on the selected shift, shown with its details. */
  shiftActions?: (shift: Shift) => ReactNode;
}

/** A position on the tracks as a CSS variable: styles.css places the element past the label column. */
const at = (fraction: number) => ({ '--at': fraction }) as CSSProperties;

/**
 * The PagerDuty-style picture: one row per layer and one for the final schedule, with the day (or
 * hour) grid, holidays and the "now" line drawn once across all rows. Every piece is a button:
 * it shows its person's name when the name (or first name, or initials) fits, and a click or tap
 * opens its details right under its row.
 */
export function Timeline({ zone, start, end, rows, names, refusedGaps, holidayCalendars = [], selected: pageSelected, onSelect, shiftActions }: TimelineProps) {
  const colorOf = usePersonColor();
  const [trackRef, width] = useWidth<HTMLDivElement>();
  const [ownSelected, setOwnSelected] = useState<SelectedShift | null>(null);
  const selected = onSelect ? (pageSelected ?? null) : ownSelected;
  const select = onSelect ?? setOwnSelected;
  const holidays = useHolidays(holidayCalendars, start, end, zone);
  const now = useNow();

  const fraction = (ms: number) => (Math.min(Math.max(ms, start), end) - start) / (end - start);
  const pct = (ms: number) => `${fraction(ms) * 100}%`;
  const spanStyle = (s: number, e: number): CSSProperties => ({ left: pct(s), width: `${(fraction(e) - fraction(s)) * 100}%` });
  const ticks = axisTicks(start, end, zone, width);

  const allRows: TimelineRow[] = refusedGaps?.length
    ? [...rows, { key: 'refused', label: 'Refused: gaps', shifts: refusedGaps.map((g) => ({ ...g, person: null, source: 'gap', layer: null, override: null })), final: true }]
    : rows;
  const layerName = (id: string) => rows.find((r) => r.key === `layer:${id}`)?.label ?? id;
  const isSelected = (row: string, shift: Shift) => selected?.row === row && selected.shift.start === shift.start && selected.shift.end === shift.end;

  return (
    <>
      <div className="timeline" role="group" aria-label={`Timeline ${formatRange(start, end, zone)} (${zone})`}>
        <div className="tl-grid" aria-hidden="true">
          {ticks.map((t, i) => (
            <span key={t.at} className={`tl-tick${t.weekend ? ' tl-weekend' : ''}`} style={spanStyle(t.at, ticks[i + 1]?.at ?? end)} />
          ))}
          {holidays.map((h) => (
            <span key={h.date} className="tl-holiday" style={spanStyle(h.start, h.end)} />
          ))}
        </div>
        <div className="tl-row tl-header" aria-hidden="true">
          <div className="tl-label" />
          <div className="tl-track" ref={trackRef}>
            {ticks.map((t) => t.label && (
              <span key={t.at} className="tl-tick-label" style={{ left: pct(t.at) }}>
                {t.label}
              </span>
            ))}
            {holidays.map((h) => (
              <span key={h.date} className="tl-holiday-mark" style={spanStyle(h.start, h.end)} title={`${formatCalendarDate(h.date)}: ${h.name}`}>
                {h.name}
              </span>
            ))}
          </div>
        </div>
        {allRows.map((row) => (
          <Fragment key={row.key}>
            <div className={`tl-row${row.final ? ' tl-final' : ''}`}>
              <div className="tl-label" title={row.label}>
                {row.label}
              </div>
              <div className="tl-track">
                {row.shifts
                  .filter((s) => Date.parse(s.end) > start && Date.parse(s.start) < end && (row.final || s.source !== 'gap'))
                  .map((shift) => {
                    const id = personId(shift.person);
                    const name = id ? names(id) : 'Nobody (gap)';
                    const s = Date.parse(shift.start);
                    const e = Date.parse(shift.end);
                    const px = (fraction(e) - fraction(s)) * width;
                    const label = width ? fittingLabel(shift.source === 'gap' ? 'Gap' : name, px) : null;
                    const picked = isSelected(row.key, shift);
                    const describe = `${name}, ${formatRange(s, e, zone)}${shift.source === 'override' ? ', override' : ''}${shift.source === 'fallback' ? ', fallback' : ''}`;
                    return (
                      <button
                        type="button"
                        key={`${shift.start}|${shift.end}`}
                        className={`tl-shift tl-${shift.source}${picked ? ' tl-selected' : ''}${width && px < MIN_TARGET ? ' tl-narrow' : ''}`}
                        style={{ ...spanStyle(s, e), background: id ? colorOf(id) : undefined }}
                        title={describe}
                        aria-label={`${row.label}: ${describe}`}
                        aria-expanded={picked}
                        onClick={() => select(picked ? null : { shift, row: row.key })}
                      >
                        {label && <span aria-hidden="true">{label}</span>}
                      </button>
                    );
                  })}
              </div>
            </div>
            {selected?.row === row.key && (
              <div className="tl-details" style={at(fraction((Math.max(Date.parse(selected.shift.start), start) + Math.min(Date.parse(selected.shift.end), end)) / 2))}>
                <ShiftDetails shift={selected.shift} zone={zone} names={names} layerName={layerName} onClose={() => select(null)}>
                  {shiftActions?.(selected.shift)}
                </ShiftDetails>
              </div>
            )}
          </Fragment>
        ))}
        {now >= start && now < end && (
          <span className="tl-now" role="img" aria-label={`Now, ${formatInstant(now, zone, 'time')}`} title={`Now: ${formatInstant(now, zone)}`} style={at(fraction(now))} />
        )}
      </div>
      {holidays.length > 0 && (
        <ul className="tl-holidays" aria-label="Holidays">
          {holidays.map((h) => (
            <li key={h.date}>
              <span className="tl-holiday-key" aria-hidden="true" />
              {formatCalendarDate(h.date)} {h.name}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * The rows of a timeline from an API answer: each layer (top = lowest priority), then the final
 * schedule. Given the layers of the current document and the view, a layer that is in neither it
 * nor has a shift in the view (one a later save removed) gets no blank row.
 */
export function timelineRows(
  final: Shift[],
  layers: { layerId: string; name?: string; shifts: Shift[] }[] = [],
  shown?: { current: string[]; start: number; end: number },
): TimelineRow[] {
  const inView = (s: Shift) => !shown || (Date.parse(s.end) > shown.start && Date.parse(s.start) < shown.end);
  return [
    ...layers
      .filter((l) => !shown || shown.current.includes(l.layerId) || l.shifts.some(inView))
      .map((l) => ({ key: `layer:${l.layerId}`, label: l.name || l.layerId, shifts: l.shifts })),
    { key: 'final', label: 'Final schedule', shifts: final, final: true },
  ];
}
