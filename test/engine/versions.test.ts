/**
 * Which schedule version answers when (spec §4 Versions), as tables. A version is written
 * `v<save order>@<effectiveFrom>`; instants are small numbers, since only their order matters.
 */
import { describe, expect, it } from 'vitest';
import { currentAndPending, nextVersion, versionAt, versionSpans, versionsInForce } from '../../src/engine/index.js';

const v = (version: number, effectiveFrom: number) => ({ version, effectiveFrom });
const names = (list: readonly { version: number; effectiveFrom: number }[]) => list.map((x) => `v${x.version}@${x.effectiveFrom}`);

describe('versionsInForce', () => {
  it.each([
    { why: 'nothing saved', saved: [], inForce: [] },
    { why: 'one version', saved: [v(1, 10)], inForce: ['v1@10'] },
    { why: 'each save effective later than the one before', saved: [v(1, 10), v(2, 20), v(3, 30)], inForce: ['v1@10', 'v2@20', 'v3@30'] },
    { why: 'a save effective now cancels the change pending for later', saved: [v(1, 10), v(2, 50), v(3, 20)], inForce: ['v1@10', 'v3@20'] },
    { why: 'a save effective at the same instant as a pending one replaces it', saved: [v(1, 10), v(2, 50), v(3, 50)], inForce: ['v1@10', 'v3@50'] },
    { why: 'a save effective before everything supersedes everything', saved: [v(1, 10), v(2, 20), v(3, 5)], inForce: ['v3@5'] },
    { why: 'save order is the version number, not the list order', saved: [v(3, 20), v(1, 10), v(2, 50)], inForce: ['v1@10', 'v3@20'] },
  ])('$why', ({ saved, inForce }) => {
    expect(names(versionsInForce(saved))).toEqual(inForce);
  });
});

describe('which version answers an instant', () => {
  const inForce = [v(1, 10), v(3, 20), v(4, 40)];
  it.each([
    { at: 0, answers: 'v1@10', next: 'v1@10', live: ['v1@10', 'v3@20', 'v4@40'], why: 'before all history the first version answers' },
    { at: 10, answers: 'v1@10', next: 'v3@20', live: ['v1@10', 'v3@20', 'v4@40'], why: 'a version answers from its effectiveFrom on' },
    { at: 19, answers: 'v1@10', next: 'v3@20', live: ['v1@10', 'v3@20', 'v4@40'], why: 'until the next takes over' },
    { at: 20, answers: 'v3@20', next: 'v4@40', live: ['v3@20', 'v4@40'], why: 'the takeover instant belongs to the new version' },
    { at: 99, answers: 'v4@40', next: null, live: ['v4@40'], why: 'the last version answers for ever' },
  ])('at $at: $why', ({ at, answers, next, live }) => {
    expect(versionAt(inForce, at) && names([versionAt(inForce, at)!])[0]).toBe(answers);
    const pending = nextVersion(inForce, at);
    expect(pending && names([pending])[0]).toBe(next);
    expect(names(currentAndPending(inForce, at))).toEqual(live);
  });

  it('answers nothing when nothing is in force', () => {
    expect(versionAt([], 5)).toBeUndefined();
    expect(nextVersion([], 5)).toBeNull();
    expect(currentAndPending([], 5)).toEqual([]);
  });
});

describe('versionSpans', () => {
  const inForce = [v(1, 10), v(3, 20), v(4, 40)];
  const spans = (from: number, to: number) => versionSpans(inForce, from, to).map((s) => `v${s.version.version}[${s.from},${s.to})`);
  it.each([
    { from: 0, to: 5, spans: ['v1[0,5)'], why: 'the first version reaches back before its effectiveFrom' },
    { from: 5, to: 30, spans: ['v1[5,20)', 'v3[20,30)'], why: 'cut where a version takes over' },
    { from: 0, to: 100, spans: ['v1[0,20)', 'v3[20,40)', 'v4[40,100)'], why: 'every version in a wide window' },
    { from: 20, to: 40, spans: ['v3[20,40)'], why: 'no empty span at either edge' },
    { from: 50, to: 60, spans: ['v4[50,60)'], why: 'the last version reaches forward for ever' },
    { from: 30, to: 30, spans: [], why: 'an empty window has no span' },
  ])('[$from, $to): $why', ({ from, to, spans: expected }) => {
    expect(spans(from, to)).toEqual(expected);
  });
});
