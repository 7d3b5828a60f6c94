import { useState } from 'react';
import { IncidentCard } from '../components/bulletin/IncidentCard';
import { ProblemSummary } from '../components/Field';
import { PageHeader } from '../components/Layout';
import { api, enc } from '../lib/api';
import { useAuth } from '../lib/auth';
import { bulletinZone } from '../lib/bulletin';
import { nameIn, useSchedules } from '../lib/resources';
import { href } from '../lib/router';
import type { BulletinComponent, Incident } from '../lib/types';
import { useBulletin } from '../lib/useBulletin';
import { useData } from '../lib/useData';
import { BulletinComponents } from './BulletinComponents';
import { BulletinSettingsPage } from './BulletinSettings';
import { AdminsOnly } from './AdminsOnly';

const TABS: { tab: string; label: string; adminOnly?: boolean }[] = [
  { tab: '', label: 'Incidents' },
  { tab: 'components', label: 'Components' },
  { tab: 'settings', label: 'Settings', adminOnly: true },
];

/**
 * The outage bulletin (spec §15): incidents, components and (admins) settings, each a tab of
 * `#/bulletin` under the bulletin's own navigation, each with its own heading.
 */
export function BulletinPage({ tab }: { tab: string }) {
  const { canEdit } = useAuth();
  const content = (() => {
    switch (tab) {
      case '':
        return <Incidents />;
      case 'components':
        return <BulletinComponents />;
      case 'settings':
        return canEdit ? <BulletinSettingsPage /> : <AdminsOnly title="Bulletin settings" />;
      default:
        return <p className="empty">This page does not exist.</p>;
    }
  })();
  return (
    <>
      <nav className="tabs" aria-label="Bulletin">
        {TABS.filter((t) => canEdit || !t.adminOnly).map((t) => (
          <a key={t.tab} href={t.tab ? href('bulletin', t.tab) : href('bulletin')} aria-current={tab === t.tab ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {content}
    </>
  );
}

/** Open or resolved incidents, each with its updates. */
function Incidents() {
  const [resolved, setResolved] = useState(false);
  const incidents = useData(() => api.list<Incident>('/incidents', { status: resolved ? 'resolved' : 'open' }), [resolved]);
  const components = useData(() => api.list<BulletinComponent>('/components'), []);
  const schedules = useSchedules();
  const bulletin = useBulletin();
  const zone = bulletinZone(bulletin.data?.coordinatorSchedule, schedules.data);
  const nameOf = (id: string) => nameIn(components.data, id);
  const canPost = bulletin.data?.canPost ?? false;
  return (
    <>
      <PageHeader title="Outage bulletin">
        {/* The server's page, not the app's: a full load, readable without signing in. */}
        <a className="button" href="/status">
          Public status page
        </a>
        {canPost && (
          <a className="button primary" href={href('post')}>
            Post an update
          </a>
        )}
      </PageHeader>
      <ProblemSummary problem={bulletin.problem} />
      <section aria-label={resolved ? 'Resolved incidents' : 'Open incidents'}>
      <div className="button-group filters" role="group" aria-label="Incidents">
        <button type="button" aria-pressed={!resolved} onClick={() => setResolved(false)}>
          Open
        </button>
        <button type="button" aria-pressed={resolved} onClick={() => setResolved(true)}>
          Resolved
        </button>
      </div>
      <ProblemSummary problem={incidents.problem ?? components.problem} />
      {incidents.data?.length === 0 && <p className="empty">{resolved ? 'No resolved incidents.' : 'No open incidents: everything is working.'}</p>}
      {incidents.data?.map((incident) => (
        <IncidentCard
          key={incident.id}
          incident={incident}
          zone={zone}
          nameOf={nameOf}
          postHref={canPost && incident.status !== 'resolved' ? `${href('post')}?incident=${enc(incident.id)}` : undefined}
        />
      ))}
      </section>
    </>
  );
}
