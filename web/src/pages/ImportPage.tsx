import { useEffect, useRef, useState, type Ref } from 'react';
import { Field, ProblemScope, TextAreaField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { PageHeader } from '../components/Layout';
import { api, ApiError } from '../lib/api';
import { nameIn } from '../lib/resources';
import { href } from '../lib/router';
import { formatRange } from '../lib/time';
import type { ImportReport, ImportSource, Problem } from '../lib/types';
import { useAction, useFormAction } from '../lib/useAction';

const SOURCES: { value: ImportSource; label: string }[] = [
  { value: 'pagerduty', label: 'PagerDuty' },
  { value: 'opsgenie', label: 'Opsgenie' },
  { value: 'grafana-oncall', label: 'Grafana OnCall' },
  { value: 'goalert', label: 'GoAlert' },
];

const percent = (fraction: number) => `${(Math.floor(fraction * 10_000) / 100).toFixed(2)}%`;

/**
 * Moving in from another on-call tool (spec §16): the admin picks the tool and the JSON document
 * its API returned (README "Moving in from another tool"), reads the dry run's report — what was
 * made, what did not map, how Rota's timeline agrees with the tool's — and only then applies it.
 * The report applied is always the one read: changing the input drops it.
 */
export function ImportPage() {
  const [source, setSource] = useState<ImportSource>('pagerduty');
  const [pasted, setPasted] = useState('');
  // A picked file is kept apart from the text box: an export of a large account is megabytes.
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [requireCoverage, setRequireCoverage] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const reportRef = useRef<HTMLElement>(null);
  const text = file?.text ?? pasted;

  // A new report shows below the form: bring it into view.
  useEffect(() => {
    if (report) reportRef.current?.scrollIntoView({ block: 'start' });
  }, [report]);

  /** Any change to what would be imported makes the report a report of something else. */
  const changed = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setReport(null);
  };

  const send = (dryRun: boolean) => {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (err) {
      throw new ApiError({ title: 'Not JSON', status: 0, detail: `The document is not JSON: ${err instanceof Error ? err.message : String(err)}` });
    }
    return api.post<ImportReport>(`/import/${source}?dryRun=${dryRun}&requireCoverage=${requireCoverage}`, document);
  };
  const dryRun = useFormAction(async () => setReport(await send(true)));
  const apply = useAction(async () => setReport(await send(false)));

  const readFile = async (picked: File | undefined) => {
    if (!picked) return;
    changed(setFile)({ name: picked.name, text: await picked.text() });
  };
  const paste = (value: string) => {
    setFile(null);
    changed(setPasted)(value);
  };

  return (
    <>
      <PageHeader title="Import from another tool" />
      <p className="muted">
        Bring schedules, people and overrides from PagerDuty, Opsgenie, Grafana OnCall or GoAlert: the README (“Moving in from another tool”) gives the
        commands that fetch the JSON document from each tool’s API. A dry run shows what would be made and how it agrees with the tool’s own timeline;
        nothing is stored until you apply it.
      </p>
      <form className="card" onSubmit={dryRun.onSubmit} aria-label="Import">
        <ProblemScope problem={dryRun.problem}>
          <Field label="Tool">
            {(control) => (
              <select {...control} value={source} onChange={(e) => changed(setSource)(e.target.value as ImportSource)}>
                {SOURCES.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="JSON file" hint={file ? `Read ${file.name} (${Math.ceil(file.text.length / 1024)} KB)` : 'Or paste the document below'}>
            {(control) => <input {...control} type="file" accept="application/json,.json" onChange={(e) => void readFile(e.target.files?.[0])} />}
          </Field>
          <TextAreaField
            label="Document"
            value={pasted}
            onChange={paste}
            rows={8}
            spellCheck={false}
            placeholder={file ? `${file.name} is read; paste here to import something else instead` : '{ "users": [...], "schedules": [...] }'}
          />
          <Field label="Imported schedules require coverage" hint="Refuse the import when a schedule would leave a gap in the next 365 days">
            {(control) => (
              <input {...control} type="checkbox" role="switch" className="switch" checked={requireCoverage} onChange={(e) => changed(setRequireCoverage)(e.target.checked)} />
            )}
          </Field>
        </ProblemScope>
        <FormActions submit="Dry run" busy={dryRun.busy} submitDisabled={text.trim() === ''} />
      </form>
      {report && (
        <ImportReportView
          ref={reportRef}
          report={report}
          applying={apply.busy}
          applyProblem={apply.problem}
          onApply={() => void apply.run()}
        />
      )}
    </>
  );
}

function ImportReportView({
  ref,
  report,
  applying,
  applyProblem,
  onApply,
}: {
  ref: Ref<HTMLElement>;
  report: ImportReport;
  applying: boolean;
  applyProblem: Problem | null;
  onApply: () => void;
}) {
  const matched = report.people.filter((p) => p.matched).length;
  // The verification speaks in ids; a person reads names, and times in the schedule's own zone.
  const personName = (id: string | null) => (id === null ? 'nobody' : nameIn(report.people, id));
  const scheduleOf = (id: string) => report.schedules.find((s) => s.id === id);
  return (
    <section ref={ref} className="card report" aria-label="Import report">
      <h2>{report.applied ? 'Imported' : 'Dry run'}</h2>
      <div className="report-summary">
        <Stat value={report.people.length - matched} label="new people" />
        <Stat value={matched} label="people matched by email" />
        <Stat value={report.schedules.length} label="schedules" />
        <Stat value={report.overrides.length} label="overrides" />
        <Stat value={report.warnings.length} label="warnings" bad={report.warnings.length > 0} />
      </div>

      <h3>Verification</h3>
      {report.verification.length === 0 ? (
        <p className="muted">The document carries no final timeline of the tool to compare with.</p>
      ) : (
        <table className="table compact" aria-label="Verification">
          <thead>
            <tr>
              <th scope="col">Schedule</th>
              <th scope="col">Window</th>
              <th scope="col" className="num">Agreement</th>
              <th scope="col">First differences</th>
            </tr>
          </thead>
          <tbody>
            {report.verification.map((v) => {
              const schedule = scheduleOf(v.schedule);
              const zone = schedule?.timeZone ?? 'UTC';
              return (
                <tr key={`${v.schedule}|${v.from}`}>
                  <td>
                    {schedule?.name ?? v.schedule} <span className="muted small">({v.schedule})</span>
                  </td>
                  <td>
                    {formatRange(v.from, v.to, zone)} <span className="muted small">{zone}</span>
                  </td>
                  <td className="num">{v.agreement < 1 ? <span className="badge badge-bad">{percent(v.agreement)}</span> : percent(v.agreement)}</td>
                  <td>
                    {v.differences.length === 0 ? (
                      'none'
                    ) : (
                      <ul>
                        {v.differences.map((d) => (
                          <li key={d.start}>
                            {formatRange(d.start, d.end, zone)}: the tool says {personName(d.expected)}, Rota says {personName(d.got)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <h3>Warnings</h3>
      {report.warnings.length === 0 ? (
        <p className="muted">Everything mapped.</p>
      ) : (
        <ul aria-label="Warnings">
          {report.warnings.map((w) => (
            <li key={`${w.path}|${w.message}`}>
              <code>{w.path || '/'}</code> {w.message}
            </li>
          ))}
        </ul>
      )}

      <h3>Schedules</h3>
      <ul aria-label="Schedules">
        {report.schedules.map((s) => (
          <li key={s.id}>
            {report.applied ? <a href={href('schedules', s.id)}>{s.name}</a> : s.name} <code>{s.id}</code> <span className="muted">{s.timeZone}, {s.layers.length} {s.layers.length === 1 ? 'layer' : 'layers'}</span>
          </li>
        ))}
      </ul>

      <h3>People</h3>
      <table className="table compact" aria-label="People">
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {report.people.map((p) => (
            <tr key={p.id}>
              <td>
                <code>{p.id}</code>
              </td>
              <td>{p.name}</td>
              <td>{p.email}</td>
              <td>{p.matched ? <span className="badge">existing</span> : <span className="badge">new</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {!report.applied && (
        <ProblemScope problem={applyProblem}>
          <div className="form-actions">
            <button type="button" className="primary" disabled={applying} onClick={onApply}>
              Apply
            </button>
          </div>
        </ProblemScope>
      )}
    </section>
  );
}

function Stat({ value, label, bad }: { value: number; label: string; bad?: boolean }) {
  return (
    <div className={`stat${bad ? ' stat-bad' : ''}`}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}
