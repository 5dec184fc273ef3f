import { Navigate } from 'react-router';
import type { RouteObject } from 'react-router';
import { Loading } from '../components/Status';
import { LoginPage } from '../pages/account/LoginPage';
import { LogoutPage } from '../pages/account/LogoutPage';
import { ProfilePage } from '../pages/account/ProfilePage';
import { RegisterPage } from '../pages/account/RegisterPage';
import { RanksPage } from '../pages/leader/RanksPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { ApiKeysPage } from '../pages/officer/ApiKeysPage';
import { DiscordPage } from '../pages/officer/DiscordPage';
import { IssuesPage } from '../pages/officer/IssuesPage';
import { LinkPage } from '../pages/officer/LinkPage';
import { RosterEventsPage } from '../pages/officer/RosterEventsPage';
import { SuggestionsPage } from '../pages/officer/SuggestionsPage';
import { SyncPage } from '../pages/officer/SyncPage';
import { MemberPage } from '../pages/roster/MemberPage';
import { RosterPage } from '../pages/roster/RosterPage';
import { Layout } from './Layout';
import { RequireUser } from './RequireUser';
import { useSession } from './session';

/** `/`: the roster when signed in, otherwise the sign-in page. */
function Home() {
  const { user, status } = useSession();
  if (status === 'restoring') return <Loading what="your session" />;
  return <Navigate to={user ? '/roster' : '/login'} replace />;
}

/** Every page of the app; each is a deep link the gateway answers with index.html. */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { index: true, element: <Home /> },
      { path: 'login', element: <LoginPage /> },
      { path: 'register', element: <RegisterPage /> },
      { path: 'logout', element: <LogoutPage /> },
      {
        element: <RequireUser />,
        children: [
          { path: 'me', element: <ProfilePage /> },
          { path: 'roster', element: <RosterPage /> },
          { path: 'members/:id', element: <MemberPage /> },
          { path: 'officer/suggestions', element: <SuggestionsPage /> },
          { path: 'officer/issues', element: <IssuesPage /> },
          { path: 'officer/links', element: <LinkPage /> },
          { path: 'officer/sync', element: <SyncPage /> },
          { path: 'officer/roster-events', element: <RosterEventsPage /> },
          { path: 'officer/discord', element: <DiscordPage /> },
          { path: 'officer/api-keys', element: <ApiKeysPage /> },
          { path: 'leader/ranks', element: <RanksPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
