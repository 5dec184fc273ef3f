import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { APP_NAME } from '../components/Page';
import { useSession } from './session';

interface NavItem {
  to: string;
  label: string;
}

const MEMBER_NAV: NavItem[] = [
  { to: '/roster', label: 'Roster' },
  { to: '/members', label: 'Members' },
  { to: '/votes', label: 'Votes' },
  { to: '/me', label: 'My profile' },
];

export const OFFICER_NAV: NavItem[] = [
  { to: '/officer/suggestions', label: 'Suggestions' },
  { to: '/officer/issues', label: 'Issues' },
  { to: '/officer/conflicts', label: 'Conflicts' },
  { to: '/officer/battlenet', label: 'Battle.net' },
  { to: '/officer/links', label: 'Link' },
  { to: '/officer/sync', label: 'Sync' },
  { to: '/officer/roster-events', label: 'Roster events' },
  { to: '/officer/discord', label: 'Discord' },
  { to: '/officer/api-keys', label: 'API keys' },
];

const LEADER_NAV: NavItem[] = [
  { to: '/leader/ranks', label: 'Ranks' },
  { to: '/leader/dead-letters', label: 'Dead letters' },
];

function NavGroup({ label, items }: { label: string; items: NavItem[] }) {
  return (
    <div className="nav-group">
      <span className="nav-group-label" id={`nav-${label}`}>
        {label}
      </span>
      <ul aria-labelledby={`nav-${label}`}>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to}>{item.label}</NavLink>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The frame of every page: a skip link, the navigation for the user's rank (officer pages are
 * not offered below Officer; the API refuses them anyway), and the main region. After each
 * navigation the new page's h1 takes focus, as a full page load would start there.
 */
export function Layout() {
  const { user, isOfficer, isGuildLeader } = useSession();
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const [menuOpen, setMenuOpen] = useState(false);

  // The phone menu closes on arrival at a new page: adjusted while rendering the new path, so the
  // page never paints once with the menu still open over it.
  const [menuPathname, setMenuPathname] = useState(pathname);
  if (menuPathname !== pathname) {
    setMenuPathname(pathname);
    setMenuOpen(false);
  }

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    (heading ?? mainRef.current)?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          {APP_NAME}
        </Link>
        <button
          type="button"
          className="menu-toggle secondary"
          aria-expanded={menuOpen}
          aria-controls="site-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <nav id="site-nav" aria-label="Main" className={menuOpen ? 'open' : undefined} data-testid="main-nav">
          {user ? (
            <>
              <NavGroup label="Guild" items={MEMBER_NAV} />
              {isOfficer && <NavGroup label="Officers" items={OFFICER_NAV} />}
              {isGuildLeader && <NavGroup label="Guild Leader" items={LEADER_NAV} />}
              <div className="nav-account">
                <span className="signed-in" data-testid="signed-in-as">
                  {user.displayName} · {user.rank.name}
                </span>
                <NavLink to="/logout">Sign out</NavLink>
              </div>
            </>
          ) : (
            <ul className="nav-account">
              <li>
                <NavLink to="/votes">Votes</NavLink>
              </li>
              <li>
                <NavLink to="/login">Sign in</NavLink>
              </li>
              <li>
                <NavLink to="/register">Register</NavLink>
              </li>
            </ul>
          )}
        </nav>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
