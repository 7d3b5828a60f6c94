import { useEffect } from 'react';
import { Layout } from './components/Layout';
import { useAuth } from './lib/auth';
import { PersonColorsProvider } from './lib/personColors';
import { BulletinProvider } from './lib/useBulletin';
import { useRoute } from './lib/router';
import { AdminsOnly } from './pages/AdminsOnly';
import { ApiTokens } from './pages/ApiTokens';
import { BulletinPage } from './pages/Bulletin';
import { EscalationChains } from './pages/EscalationChains';
import { Deliveries } from './pages/Deliveries';
import { Feeds } from './pages/Feeds';
import { HolidayCalendars } from './pages/HolidayCalendars';
import { ImportPage } from './pages/ImportPage';
import { Notifications, OwnReminders } from './pages/Notifications';
import { MyShifts } from './pages/MyShifts';
import { Now } from './pages/Now';
import { ChangePassword } from './pages/ChangePassword';
import { People } from './pages/People';
import { PostUpdate } from './pages/PostUpdate';
import { ScheduleEditor } from './pages/ScheduleEditor';
import { SchedulePage } from './pages/SchedulePage';
import { SignIn } from './pages/SignIn';
import { Users } from './pages/Users';

const TITLES: Record<string, string> = {
  now: 'Now',
  me: 'My shifts',
  people: 'People',
  schedules: 'Schedule',
  'holiday-calendars': 'Holiday calendars',
  'escalation-chains': 'Escalation chains',
  feeds: 'Calendar feeds',
  post: 'Post an update',
  bulletin: 'Outage bulletin',
  channels: 'Notifications',
  'api-tokens': 'API tokens',
  users: 'Users',
  import: 'Import',
  password: 'Change password',
};

export function App() {
  const { user, canEdit } = useAuth();
  const { segments, query } = useRoute();
  // "#/" is home: a viewer lands on their own shifts, an admin on every schedule's.
  const [section = canEdit ? 'now' : 'me', id, action] = segments;
  useEffect(() => {
    document.title = `${TITLES[section] ?? 'Not found'} · Rota`;
  }, [section]);
  if (!user) return <SignIn />;

  const page = (() => {
    switch (section) {
      case 'now':
        return <Now />;
      case 'me':
        return <MyShifts />;
      case 'people':
        return <People />;
      case 'schedules':
        if (id === 'new' && canEdit) return <ScheduleEditor />;
        if (id && action === 'edit' && canEdit) return <ScheduleEditor key={id} id={id} />;
        if (id) return <SchedulePage key={id} id={id} />;
        return <Now />;
      case 'holiday-calendars':
        return <HolidayCalendars />;
      case 'escalation-chains':
        return <EscalationChains />;
      case 'feeds':
        return <Feeds initialSchedule={query.get('schedule') ?? ''} />;
      case 'post':
        return <PostUpdate initialIncident={query.get('incident') ?? ''} />;
      case 'bulletin':
        return <BulletinPage tab={id ?? ''} />;
      case 'channels':
        // Notices link here; a viewer finds their own reminders.
        if (!canEdit) return <OwnReminders />;
        if (id === 'deliveries') return <Deliveries channel={query.get('channel') ?? ''} status={query.get('status') ?? ''} />;
        return <Notifications />;
      case 'api-tokens':
        return canEdit ? <ApiTokens /> : <AdminsOnly title="API tokens" />;
      case 'users':
        return canEdit ? <Users /> : <AdminsOnly title="Users" />;
      case 'import':
        return canEdit ? <ImportPage /> : <AdminsOnly title="Imports" />;
      case 'password':
        return <ChangePassword />;
      default:
        return null;
    }
  })();
  return (
    <PersonColorsProvider>
      <BulletinProvider>
        <Layout section={section}>{page ?? <p className="empty">This page does not exist or you may not see it.</p>}</Layout>
      </BulletinProvider>
    </PersonColorsProvider>
  );
}
