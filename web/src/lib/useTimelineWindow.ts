import { useMemo, useState } from 'react';
import { startOfLocalDay, startOfLocalMonth, startOfLocalWeek } from './time';

export type TimelineView = 'week' | '2weeks' | 'month';

export const VIEW_LABELS: Record<TimelineView, string> = { week: 'Week', '2weeks': 'Two weeks', month: 'Month' };

export interface TimelineWindow {
  view: TimelineView;
  start: number;
  end: number;
  setView: (view: TimelineView) => void;
  move: (direction: -1 | 1) => void;
  goTo: (ms: number) => void;
}

/** The visible window of a timeline: a local week, two weeks or month in `zone`. */
export function useTimelineWindow(zone: string, initial: number = Date.now()): TimelineWindow {
  const [view, setView] = useState<TimelineView>('week');
  const [anchor, setAnchor] = useState(initial);
  const { start, end } = useMemo(() => {
    if (view === 'month') return { start: startOfLocalMonth(anchor, zone), end: startOfLocalMonth(anchor, zone, 1) };
    const weekStart = startOfLocalWeek(anchor, zone);
    return { start: weekStart, end: startOfLocalDay(weekStart, zone, view === 'week' ? 7 : 14) };
  }, [view, anchor, zone]);
  const move = (direction: -1 | 1) =>
    setAnchor(
      view === 'month'
        ? startOfLocalMonth(start, zone, direction)
        : startOfLocalDay(start, zone, direction * (view === 'week' ? 7 : 14)),
    );
  return { view, start, end, setView, move, goTo: setAnchor };
}
