import { useCallback, useState, type FormEvent } from 'react';
import { api, asProblem, enc } from './api';
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

/** `useAction` for a form: `onSubmit` stops the browser's own submit and runs the action. */
export function useFormAction<R>(action: () => Promise<R>) {
  const result = useAction(action);
  const { run } = result;
  const onSubmit = useCallback(
    (e: FormEvent) => {
      e.preventDefault();
      void run();
    },
    [run],
  );
  return { ...result, onSubmit };
}

/** Deletes `${collection}/${id}`, then calls `onDeleted(id)` (reload the list, close its editor…). */
export function useDeleteAction(collection: string, onDeleted: (id: string) => void) {
  return useAction(async (id: string) => {
    await api.del(`${collection}/${enc(id)}`);
    onDeleted(id);
  });
}
