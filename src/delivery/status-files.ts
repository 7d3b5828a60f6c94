/**
 * The static copy of the status page (spec §15): index.html, status.json and feed.atom in a folder
 * any web server can serve while Rota's own host is down. Each file is replaced whole: written to
 * a temp file in the same folder, fsynced, then renamed over the old one, so a reader (or a crash,
 * or a full disk) sees the old file or the new one, never part of one. The files are public:
 * mode 0644 whatever the umask, unlike the database's 0600 (src/db/private-files.ts).
 */
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export const STATUS_FILE_NAMES = ['index.html', 'status.json', 'feed.atom'] as const;
export type StatusFiles = Record<(typeof STATUS_FILE_NAMES)[number], string>;

const PUBLIC_FILE_MODE = 0o644;
const PUBLIC_DIR_MODE = 0o755;

/** Distinguishes the temp files of writes that overlap in this process. */
let tempSerial = 0;

/** The last write asked for in each folder, settled either way: a write starts when the one before it is done. */
const queues = new Map<string, Promise<void>>();

/**
 * Writes the three files into `dir`, creating it (and its parents) when missing. Writes to one
 * folder happen in the order they were asked for, so the newest always ends up on the disk even
 * when a caller does not wait for one write before asking for the next. The three temp files are
 * all written before any is renamed, so the files of two versions stand side by side only for
 * the moment between the renames.
 */
export function writeStatusFiles(dir: string, files: StatusFiles): Promise<void> {
  const target = resolve(dir);
  const write = (queues.get(target) ?? Promise.resolve()).then(() => replaceAll(target, files));
  // A failed write (its caller hears of it) does not stop the next one.
  const settled = write.catch(() => undefined);
  queues.set(target, settled);
  void settled.then(() => {
    if (queues.get(target) === settled) queues.delete(target);
  });
  return write;
}

async function replaceAll(dir: string, files: StatusFiles): Promise<void> {
  await makePublicDir(dir);
  const temps = STATUS_FILE_NAMES.map((name) => ({ name, temp: join(dir, `.${name}.${process.pid}.${++tempSerial}.tmp`) }));
  try {
    await Promise.all(temps.map(({ name, temp }) => writeSynced(temp, files[name])));
    for (const { name, temp } of temps) await rename(temp, join(dir, name));
    // The renames themselves reach the disk only with the folder.
    await syncPath(dir);
  } finally {
    await Promise.all(temps.map(({ temp }) => rm(temp, { force: true })));
  }
}

/**
 * Creates `dir` and its missing parents 0755 whatever the umask (a 077 one would keep the web
 * server out); folders that exist keep their mode.
 */
async function makePublicDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: PUBLIC_DIR_MODE });
  if (first === undefined) return;
  // mkdir returns the first folder it created: chmod it and every one below it.
  for (let d = dir; ; d = dirname(d)) {
    await chmod(d, PUBLIC_DIR_MODE);
    if (d === first) break;
  }
}

async function writeSynced(path: string, content: string): Promise<void> {
  const handle = await open(path, 'wx', PUBLIC_FILE_MODE);
  try {
    // open's mode passes through the umask (027 would leave 0640, unreadable to the web server).
    await handle.chmod(PUBLIC_FILE_MODE);
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
