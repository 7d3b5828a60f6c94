/**
 * Child process of test/status/files.test.ts: rewrites the status files in the folder given,
 * alternating between two versions (statusVersion), and prints a line after each write, until
 * the test kills it with SIGKILL.
 */
import { writeStatusFiles } from '../../src/delivery/status-files.js';
import { statusVersion } from './versions.js';

const dir = process.argv[2]!;
for (let k = 0; ; k++) {
  await writeStatusFiles(dir, statusVersion(k % 2));
  process.stdout.write(`${k}\n`);
}
