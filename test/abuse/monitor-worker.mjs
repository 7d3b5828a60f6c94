// The watchdog of the abuse suite (started by helpers.ts `watch`), on its own thread so that
// nothing the test itself does — building a megabyte body, parsing a 40 MB answer — can delay a
// poll and be blamed on the server. Plain JavaScript because a worker thread gets no TypeScript
// loader from vitest.
//
// Every `intervalMs` it asks the server's /healthz (recording the slowest answer, counting
// failures) and reads the child's resident memory from /proc (VmRSS now, VmHWM the kernel's
// high-water mark since the test reset it, so a spike between two samples is still seen). Above
// `killAboveMb` it kills the child: the test has failed by then, and the machine is shared.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';

const { base, pid, intervalMs, killAboveMb } = workerData;

let stopping = false;
let maxPollMs = 0;
let polls = 0;
const failures = [];
let pollStartedAt = null;
let peakRssKb = 0;
let killed = false;

function sampleMemory() {
  let status;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return; // the process is gone; the failed polls tell
  }
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  peakRssKb = Math.max(peakRssKb, kb('VmRSS'), kb('VmHWM'));
  if (!killed && peakRssKb > killAboveMb * 1024) {
    killed = true;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function pollHealth() {
  while (!stopping) {
    pollStartedAt = performance.now();
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(60_000) });
      await res.arrayBuffer();
      if (res.status !== 200) failures.push(`healthz ${res.status}`);
    } catch (error) {
      if (!stopping) failures.push(`healthz: ${error instanceof Error ? error.message : String(error)}`);
    }
    maxPollMs = Math.max(maxPollMs, performance.now() - pollStartedAt);
    pollStartedAt = null;
    if (polls++ === 0) parentPort.postMessage('polling');
    await sleep(intervalMs);
  }
}

const memoryTimer = setInterval(sampleMemory, intervalMs);
sampleMemory();
void pollHealth();

parentPort.on('message', () => {
  stopping = true;
  clearInterval(memoryTimer);
  sampleMemory();
  // A poll still waiting counts for as long as it has waited: a server that stopped answering
  // must not look calm because its last poll never came back.
  if (pollStartedAt !== null) maxPollMs = Math.max(maxPollMs, performance.now() - pollStartedAt);
  parentPort.postMessage({ maxPollMs, polls, failures, peakRssMb: peakRssKb / 1024, killed });
});
