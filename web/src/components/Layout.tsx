import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
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
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!menuOpen) return;
    // Escape closes the open menu from anywhere, and focus returns to the button that opened it.
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);
  // Choosing a page (even the one shown) closes the menu: on a phone it would cover the page.
  const closeOnLink = (event: MouseEvent) => {
    if ((event.target as Element).closest('a')) setMenuOpen(false);
  };
  return (
    <div className="shell">
      {/* Under 800 px the links and the user's controls fold behind "Menu" (styles.css); wider, the button is hidden and the panel is the bar. */}
      <header className={menuOpen ? 'topbar menu-open' : 'topbar'}>
        <a className="brand" href="#/">
          Rota
        </a>
        <button ref={menuButton} type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="main-menu" onClick={() => setMenuOpen((open) => !open)}>
          <span aria-hidden="true">☰</span> Menu
        </button>
        <div className="menu-panel" id="main-menu" onClick={closeOnLink}>
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
