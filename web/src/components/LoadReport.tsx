import { formatHours, formatRange } from '../lib/time';
import type { Coverage } from '../lib/types';
import { ConflictList } from './ConflictList';
import { PersonName } from './PersonName';
import { TableScroll } from './TableScroll';

const round = (n: number) => Math.round(n * 10) / 10;

/** The coverage and fairness report: gaps, fallback time and each person's load, as a table and bars. */
export function LoadReport({ coverage, zone, names }: { coverage: Coverage; zone: string; names: (id: string) => string }) {
  const max = Math.max(1, ...coverage.load.map((l) => l.hours));
  const fallbackMs = coverage.fallback.reduce((sum, f) => sum + Date.parse(f.end) - Date.parse(f.start), 0);
  const load = [...coverage.load].sort((a, b) => b.hours - a.hours);
  return (
    <div className="report">
      <div className="report-summary">
        <div className={`stat${coverage.coveredFraction < 1 ? ' stat-bad' : ''}`}>
          <span className="stat-value">{round(coverage.coveredFraction * 100)}%</span>
          <span className="stat-label">covered</span>
        </div>
        <div className="stat">
          <span className="stat-value">{coverage.gaps.length}</span>
          <span className="stat-label">gaps</span>
        </div>
        <div className="stat">
          <span className="stat-value">{fallbackMs ? formatHours(fallbackMs) : '0 h'}</span>
          <span className="stat-label">on fallback</span>
        </div>
        <div className={`stat${coverage.conflicts.length ? ' stat-bad' : ''}`}>
          <span className="stat-value">{coverage.conflicts.length}</span>
          <span className="stat-label">conflicts</span>
        </div>
      </div>
      {coverage.gaps.length > 0 && (
        <ul className="gap-list" aria-label="Gaps">
          {coverage.gaps.map((g) => (
            <li key={g.start}>Nobody on call {formatRange(g.start, g.end, zone)}</li>
          ))}
        </ul>
      )}
      <ConflictList conflicts={coverage.conflicts} zone={zone} names={names} />
      <div className="report-body">
        <TableScroll label="Load per person">
          <table className="table compact">
            <caption className="sr-only">Load per person</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col" className="num">Hours</th>
                <th scope="col" className="num">Shifts</th>
                <th scope="col" className="num">Night h</th>
                <th scope="col" className="num">Weekend h</th>
                <th scope="col" className="num">Holidays</th>
              </tr>
            </thead>
            <tbody>
              {load.map((l) => (
                <tr key={l.person}>
                  <td>
                    <PersonName person={l.person} names={names} />
                  </td>
                  <td className="num">{round(l.hours)}</td>
                  <td className="num">{l.shifts}</td>
                  <td className="num">{round(l.nightHours)}</td>
                  <td className="num">{round(l.weekendHours)}</td>
                  <td className="num">{l.holidays}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <figure className="bars" aria-label="Hours on call per person">
          {load.map((l) => (
            <div className="bar-row" key={l.person}>
              <span className="bar-name">{names(l.person)}</span>
              <span className="bar-track">
                <span className="bar bar-total" style={{ width: `${(l.hours / max) * 100}%` }} />
                <span className="bar bar-night" style={{ width: `${(l.nightHours / max) * 100}%` }} />
                <span className="bar bar-weekend" style={{ width: `${(l.weekendHours / max) * 100}%` }} />
              </span>
              <span className="bar-value">{round(l.hours)} h</span>
            </div>
          ))}
          <figcaption>
            <span className="key key-total" /> all hours <span className="key key-night" /> night (22–06) <span className="key key-weekend" /> weekend
          </figcaption>
        </figure>
      </div>
    </div>
  );
}
