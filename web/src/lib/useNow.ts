import { useEffect, useState } from 'react';

/** The current time, renewed every `everyMs`: a page left open keeps its "now" line where now is. */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
