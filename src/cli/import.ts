/**
 * `npm run import -- SOURCE FILE [--apply] [--require-coverage]` (spec §16): imports FILE — what
 * PagerDuty's, Opsgenie's, Grafana OnCall's or GoAlert's API returned, gathered as README "Moving
 * in from another tool" shows — into ROTA_DB (or ROTA_DATABASE_URL). Prints the report as JSON on
 * stdout and a summary (warnings, verification) on stderr; stores only with --apply. Exit 0 when
 * done, 1 when refused (the problems listed), 2 for a wrong command line.
 */
import { configFromEnv } from '../config.js';
import { AppError, ValidationError } from '../errors.js';
import { SOURCES } from '../importers/index.js';
import { importFile } from '../services/import-file.js';
import type { ImportReport } from '../services/moving-in.js';

const USAGE = `usage: npm run import -- SOURCE FILE [--apply] [--require-coverage]   (SOURCE: ${SOURCES.join(', ')})`;

/** What a person reads before deciding to --apply: counts, every warning, each verification. */
function summaryOf(report: ImportReport): string {
  const matched = report.people.filter((p) => p.matched).length;
  const lines = [
    `${report.people.length} people (${matched} matched by email, ${report.people.length - matched} new), ${report.schedules.length} schedules, ${report.overrides.length} overrides`,
    ...report.warnings.map((w) => `warning ${w.path || '/'}: ${w.message}`),
    ...report.verification.map((v) => {
      const head = `verification ${v.schedule} ${v.from} – ${v.to}: ${(v.agreement * 100).toFixed(2)}% agreement`;
      const shown = v.differences.map((d) => `\n  ${d.start} – ${d.end}: source says ${d.expected ?? 'nobody'}, Rota says ${d.got ?? 'nobody'}`);
      return head + shown.join('');
    }),
    report.applied ? 'applied: stored in one transaction' : 'dry run: nothing stored (add --apply to store it)',
  ];
  return lines.join('\n');
}

function gapsOf(err: AppError): string[] {
  const gaps = (err.extra.gaps ?? []) as { start: string; end: string }[];
  return gaps.map((g) => `  gap ${g.start} – ${g.end}`);
}

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const [source, file, ...rest] = args.filter((a) => !a.startsWith('--'));
const unknownFlags = [...flags].filter((f) => f !== '--apply' && f !== '--require-coverage');
if (!source || !file || rest.length > 0 || unknownFlags.length > 0 || !(SOURCES as readonly string[]).includes(source)) {
  console.error(USAGE);
  process.exit(2);
}

try {
  const report = await importFile(configFromEnv(), { source, file, apply: flags.has('--apply'), requireCoverage: flags.has('--require-coverage') });
  console.log(JSON.stringify(report, null, 2));
  console.error(summaryOf(report));
} catch (err) {
  if (err instanceof ValidationError) console.error(['import refused: the document has problems', ...err.errors.map((e) => `  ${e.path || '/'}: ${e.message}`)].join('\n'));
  // 409 of --require-coverage: the gaps, so the person sees what to fix before trying again.
  else if (err instanceof AppError) console.error([`import refused (${err.status} ${err.title}): ${err.message}`, ...gapsOf(err)].join('\n'));
  else console.error(`import failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
