/** The bound on concurrent password hashing: so many run, so many wait, the rest are refused at once. */
import { describe, expect, it } from 'vitest';
import { WorkLimiter } from '../../src/security/work-limiter.js';

class Busy extends Error {}

/** A task that runs until the test finishes it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, task: async () => opened };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('WorkLimiter', () => {
  it('runs up to its concurrency, queues up to its limit, refuses beyond, and hands slots on in order', async () => {
    const limiter = new WorkLimiter(2, 1, () => new Busy());
    const started: number[] = [];
    const gates = [gate(), gate(), gate()];
    const runs = gates.map((g, i) => limiter.run(async () => { started.push(i); await g.task(); return i; }));
    await settle();
    expect(started).toEqual([0, 1]);

    // Two running, one waiting: the next is refused without waiting.
    await expect(limiter.run(async () => 'never')).rejects.toBeInstanceOf(Busy);

    gates[0]!.open();
    expect(await runs[0]).toBe(0);
    await settle();
    expect(started).toEqual([0, 1, 2]);

    gates[1]!.open();
    gates[2]!.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    // Every slot came back: two run and one waits again, and a fourth is refused.
    const again = [gate(), gate(), gate()];
    const after = again.map((g) => limiter.run(g.task));
    await expect(limiter.run(async () => 'never')).rejects.toBeInstanceOf(Busy);
    again.forEach((g) => g.open());
    await Promise.all(after);
  });

  it('frees the slot of a task that fails', async () => {
    const limiter = new WorkLimiter(1, 0, () => new Busy());
    await expect(limiter.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'ok')).resolves.toBe('ok');
  });
});
