/**
 * Entry of a compute worker thread (piscina calls the default export with each task). Text
 * results (large timelines as JSON, iCal feeds) are encoded here and their bytes moved, not
 * copied, to the main thread: the event loop that answers /healthz never copies or encodes
 * tens of megabytes.
 */
import { Piscina } from 'piscina';
import { runTaskSafely, type ComputeTask } from './tasks.js';

const encoder = new TextEncoder();

export default function run(task: ComputeTask) {
  const outcome = runTaskSafely(task);
  if ('ok' in outcome && typeof outcome.ok === 'string') return Piscina.move(encoder.encode(outcome.ok));
  return outcome;
}
