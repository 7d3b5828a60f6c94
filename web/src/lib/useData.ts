import { useCallback, useEffect, useState } from 'react';
import { asProblem } from './api';
import type { Problem } from './types';

export interface Data<T> {
  data: T | undefined;
  problem: Problem | null;
  loading: boolean;
  reload: () => void;
}

/** Loads `load()` whenever `deps` change; stale responses are dropped. */
export function useData<T>(load: () => Promise<T>, deps: readonly unknown[]): Data<T> {
  const [data, setData] = useState<T>();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const stableLoad = useCallback(load, deps);

  useEffect(() => {
    let live = true;
    setLoading(true);
    stableLoad().then(
      (value) => {
        if (!live) return;
        setData(value);
        setProblem(null);
        setLoading(false);
      },
      (error: unknown) => {
        if (!live) return;
        setProblem(asProblem(error));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [stableLoad, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, problem, loading, reload };
}
