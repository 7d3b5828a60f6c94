/**
 * Entry of a compute worker thread (piscina calls the default export with each task).
 *
 * Nothing large is copied on the event loop that answers /healthz: iCal text is encoded here and
 * its bytes moved to the main thread; a timeline answer (tens of megabytes of JSON for a
 * 15-minute rotation over three years) is streamed over a MessagePort in chunks of about
 * CHUNK bytes, each moved, so neither thread ever holds it whole.
 */
import type { MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { runTaskSafely, timelinePieces, type ComputeTask, type TaskOutcome, type TimelineJsonTask } from './tasks.js';
import { TimelineTooLargeError } from '../engine/index.js';

const encoder = new TextEncoder();
const CHUNK = 256 * 1024;

export type StreamTask = TimelineJsonTask & { port: MessagePort };

/** Posts `{ start: true }`, then the answer's chunks (Uint8Array), then null. */
function stream(task: StreamTask): TaskOutcome<true> {
  let pieces: Iterable<string>;
  try {
    pieces = timelinePieces(task);
  } catch (err) {
    if (err instanceof TimelineTooLargeError) return { tooLarge: err.message };
    throw err;
  }
  task.port.postMessage({ start: true });
  let buffered = '';
  const flush = () => {
    const bytes = encoder.encode(buffered);
    task.port.postMessage(bytes, [bytes.buffer]);
    buffered = '';
  };
  for (const piece of pieces) {
    buffered += piece;
    if (buffered.length >= CHUNK) flush();
  }
  if (buffered) flush();
  task.port.postMessage(null);
  task.port.close();
  return { ok: true };
}

export default function run(task: ComputeTask | StreamTask) {
  if (task.kind === 'timelineJson') return stream(task);
  const outcome = runTaskSafely(task);
  if ('ok' in outcome && typeof outcome.ok === 'string') return Piscina.move(encoder.encode(outcome.ok));
  return outcome;
}
