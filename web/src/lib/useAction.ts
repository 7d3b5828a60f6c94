import { useCallback, useState } from 'react';
import { asProblem } from './api';
import type { Problem } from './types';

/** Runs a server mutation, tracking "busy" and the problem it failed with. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setBusy(true);
      setProblem(null);
      try {
        return await action(...args);
      } catch (error) {
        setProblem(asProblem(error));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return { run, busy, problem };
}
