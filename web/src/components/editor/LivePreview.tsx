import { useEffect, useState } from 'react';
import { api, asProblem } from '../../lib/api';
import type { Verdict } from '../../lib/scheduleChecks';
import type { Coverage, Interval, Problem, Schedule, Timeline as TimelineData } from '../../lib/types';
import type { TimelineWindow } from '../../lib/useTimelineWindow';
import { ConflictList } from '../ConflictList';
import { ProblemSummary, withoutPathPrefix } from '../Field';
import { Timeline, timelineRows } from '../Timeline';
import { TimelineNav } from '../TimelineNav';

const PREVIEW_DELAY_MS = 500;

type PreviewResult = TimelineData & { coverage: Coverage };

interface LivePreviewState {
  preview: PreviewResult | null;
  /** The server's validation of the last document previewed (a 400), for the fields. */
  verdict: Verdict | null;
  /** Any other failure of the preview. */
  problem: Problem | null;
  previewing: boolean;
}

/**
 * The timeline of the unsaved document, asked for shortly after the user stops typing — and only
 * once `ready` (the editor's own checks pass), so a half-filled form sends nothing the server
 * would refuse.
 */
export function useLivePreview(body: Schedule, ready: boolean, win: TimelineWindow): LivePreviewState {
  const bodyJson = JSON.stringify(body);
  const [state, setState] = useState<LivePreviewState>({ preview: null, verdict: null, problem: null, previewing: false });
  useEffect(() => {
    if (!ready) {
      setState({ preview: null, verdict: null, problem: null, previewing: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, previewing: true }));
    const timer = setTimeout(() => {
      const schedule = JSON.parse(bodyJson) as Schedule;
      api.post<PreviewResult>('/schedules/preview', { schedule, from: new Date(win.start).toISOString(), to: new Date(win.end).toISOString() }).then(
        (preview) => live && setState({ preview, verdict: null, problem: null, previewing: false }),
        (error: unknown) => {
          if (!live) return;
          // The preview body wraps the document in { schedule }: point its errors at the form's fields.
          const problem = withoutPathPrefix(asProblem(error), '/schedule');
          setState((s) => ({ ...s, previewing: false, ...(problem.status === 400 ? { verdict: { problem, judged: schedule }, problem: null } : { verdict: null, problem }) }));
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bodyJson, ready, win.start, win.end]);
  return state;
}

/** The live preview: the unsaved document's timeline, its future gaps and conflicts. */
export function LivePreview({ state, ready, win, zone, names, refusedGaps, holidayCalendars, hidden, id }: {
  state: LivePreviewState;
  ready: boolean;
  win: TimelineWindow;
  zone: string;
  names: (id: string) => string;
  /** The gaps of the save just refused (spec §6), drawn as their own row. */
  refusedGaps: Interval[];
  /** The holiday calendars the document's layers use: their days marked and named. */
  holidayCalendars: string[];
  /** Folded away (phones, until "Show preview"). */
  hidden: boolean;
  id: string;
}) {
  const { preview, verdict, problem, previewing } = state;
  // Coverage is about the future (spec §6 guards the next 365 days): a gap already past is history.
  const now = Date.now();
  const futureGaps = preview?.coverage.gaps.filter((g) => Date.parse(g.end) > now) ?? [];
  return (
    <section className={`card preview${hidden ? ' folded' : ''}`} id={id} aria-labelledby="preview-title">
      <h2 id="preview-title">
        Live preview <span className="muted small" role="status">{previewing ? 'updating…' : 'from the unsaved form'}</span>
      </h2>
      {!ready && <p className="muted">The preview appears once the form is complete: a name, an id and at least one participant in each layer.</p>}
      <ProblemSummary problem={problem} />
      {verdict && <p className="muted">Fix the fields marked in red to see the preview.</p>}
      <TimelineNav window={win} zone={zone} />
      <Timeline zone={zone} start={win.start} end={win.end} rows={timelineRows(preview?.shifts ?? [], preview?.layers)} names={names} refusedGaps={refusedGaps} holidayCalendars={holidayCalendars} />
      {futureGaps.length > 0 && !refusedGaps.length && (
        <p className="banner-gap">
          {futureGaps.length} gap{futureGaps.length > 1 ? 's' : ''} ahead in this window: nobody is on call.
        </p>
      )}
      {preview && <ConflictList conflicts={preview.coverage.conflicts} zone={zone} names={names} />}
    </section>
  );
}
