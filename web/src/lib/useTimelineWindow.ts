import { useMemo, useState } from 'react';
import { startOfLocalDay, startOfLocalMonth, startOfLocalWeek } from './time';

export type TimelineView = 'day' | 'week' | '2weeks' | 'month';

export const VIEW_LABELS: Record<TimelineView, string> = { day: 'Day', week: 'Week', '2weeks': 'Two weeks', month: 'Month' };

/** The length of the views counted in local days (a month is counted in months). */
const VIEW_DAYS = { day: 1, week: 7, '2weeks': 14 } as const;

export interface TimelineWindow {
  view: TimelineView;
  start: number;
  end: number;
  setView: (view: TimelineView) => void;
  move: (direction: -1 | 1) => void;
  goTo: (ms: number) => void;
}

/** The visible window of a timeline: a local day, week (from Monday), two weeks or month in `zone`. */
export function useTimelineWindow(zone: string, initial: number = Date.now()): TimelineWindow {
  const [view, setView] = useState<TimelineView>('week');
  const [anchor, setAnchor] = useState(initial);
  const { start, end } = useMemo(() => {
    if (view === 'month') return { start: startOfLocalMonth(anchor, zone), end: startOfLocalMonth(anchor, zone, 1) };
    const first = view === 'day' ? startOfLocalDay(anchor, zone) : startOfLocalWeek(anchor, zone);
    return { start: first, end: startOfLocalDay(first, zone, VIEW_DAYS[view]) };
  }, [view, anchor, zone]);
  const move = (direction: -1 | 1) =>
    setAnchor(view === 'month' ? startOfLocalMonth(start, zone, direction) : startOfLocalDay(start, zone, direction * VIEW_DAYS[view]));
  return { view, start, end, setView, move, goTo: setAnchor };
}
