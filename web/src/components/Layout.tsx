import type { ReactNode } from 'react';
import { useAuth } from '../lib/auth';
import { useBulletin } from '../lib/useBulletin';
import { href, navigate } from '../lib/router';

/**
 * Who sees a link: everyone signed in, admins, whom the server lets post to the bulletin now, or
 * who has shifts of their own (a person with their email) or lands on that page (every viewer).
 */
type Audience = 'all' | 'admins' | 'posters' | 'own';

const NAV: { path: string; label: string; audience?: Audience }[] = [
  { path: 'me', label: 'My shifts', audience: 'own' },
  { path: 'now', label: 'Now' },
  { path: 'post', label: 'Post an update', audience: 'posters' },
  { path: 'people', label: 'People' },
  { path: 'holiday-calendars', label: 'Holiday calendars' },
  { path: 'escalation-chains', label: 'Escalation chains' },
  { path: 'feeds', label: 'Calendar feeds' },
  { path: 'bulletin', label: 'Bulletin' },
  { path: 'channels', label: 'Notifications', audience: 'admins' },
  { path: 'api-tokens', label: 'API tokens', audience: 'admins' },
  { path: 'users', label: 'Users', audience: 'admins' },
  { path: 'import', label: 'Import', audience: 'admins' },
];

export function Layout({ section, children }: { section: string; children: ReactNode }) {
  const { user, canEdit, signOut } = useAuth();
  const canPost = useBulletin().data?.canPost ?? false;
  const hasOwn = !canEdit || Boolean(user?.person);
  const sees = (audience: Audience = 'all') => ({ all: true, admins: canEdit, posters: canPost, own: hasOwn })[audience];
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="#/">
          Rota
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((item) => sees(item.audience)).map((item) => (
              <li key={item.path}>
                <a href={href(item.path)} className={item.audience === 'posters' ? 'nav-post' : undefined} aria-current={section === item.path || (item.path === 'now' && section === 'schedules') ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {user?.name} <span className="badge">{user?.role}</span>
          </span>
          <a href={href('password')} aria-current={section === 'password' ? 'page' : undefined}>
            Change password
          </a>
          <button
            type="button"
            onClick={() => {
              // An explicit sign-out starts the next person on Now; an expired session (also a
              // signOut) keeps the page, so signing back in returns there. Unsaved work is asked
              // about first: staying with it means staying signed in.
              if (navigate()) signOut();
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main>{children}</main>
    </div>
  );
}

export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children && <div className="actions">{children}</div>}
    </div>
  );
}
