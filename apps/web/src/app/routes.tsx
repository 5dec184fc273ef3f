import { Navigate } from 'react-router';
import type { RouteObject } from 'react-router';
import { Loading } from '../components/Status';
import { LoginPage } from '../pages/account/LoginPage';
import { LogoutPage } from '../pages/account/LogoutPage';
import { ProfilePage } from '../pages/account/ProfilePage';
import { RegisterPage } from '../pages/account/RegisterPage';
import { ResetPasswordPage } from '../pages/account/ResetPasswordPage';
import { DeadLettersPage } from '../pages/leader/DeadLettersPage';
import { RanksPage } from '../pages/leader/RanksPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { ApiKeysPage } from '../pages/officer/ApiKeysPage';
import { BattlenetCoveragePage } from '../pages/officer/BattlenetCoveragePage';
import { ConflictsPage } from '../pages/officer/ConflictsPage';
import { DiscordPage } from '../pages/officer/DiscordPage';
import { IssuesPage } from '../pages/officer/IssuesPage';
import { LinkPage } from '../pages/officer/LinkPage';
import { RosterEventsPage } from '../pages/officer/RosterEventsPage';
import { SuggestionsPage } from '../pages/officer/SuggestionsPage';
import { SyncPage } from '../pages/officer/SyncPage';
import { MemberPage } from '../pages/roster/MemberPage';
import { MembersPage } from '../pages/roster/MembersPage';
import { RosterPage } from '../pages/roster/RosterPage';
import { CampaignPage } from '../pages/votes/CampaignPage';
import { EditCampaignPage, NewCampaignPage } from '../pages/votes/CampaignEditorPage';
import { VotesPage } from '../pages/votes/VotesPage';
import { Layout } from './Layout';
import { RequireUser } from './RequireUser';
import { SessionKnown } from './SessionKnown';
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
      { path: 'reset-password', element: <ResetPasswordPage /> },
      { path: 'logout', element: <LogoutPage /> },
      {
        // Open to everyone: public votes show signed out; a signed-in member also sees those of their rank.
        element: <SessionKnown />,
        children: [
          { path: 'votes', element: <VotesPage /> },
          { path: 'votes/:id', element: <CampaignPage /> },
        ],
      },
      {
        element: <RequireUser />,
        children: [
          { path: 'me', element: <ProfilePage /> },
          { path: 'roster', element: <RosterPage /> },
          { path: 'members', element: <MembersPage /> },
          { path: 'members/:id', element: <MemberPage /> },
          { path: 'officer/suggestions', element: <SuggestionsPage /> },
          { path: 'officer/issues', element: <IssuesPage /> },
          { path: 'officer/conflicts', element: <ConflictsPage /> },
          { path: 'officer/battlenet', element: <BattlenetCoveragePage /> },
          { path: 'officer/links', element: <LinkPage /> },
          { path: 'officer/sync', element: <SyncPage /> },
          { path: 'officer/roster-events', element: <RosterEventsPage /> },
          { path: 'officer/discord', element: <DiscordPage /> },
          { path: 'officer/api-keys', element: <ApiKeysPage /> },
          { path: 'leader/ranks', element: <RanksPage /> },
          { path: 'leader/dead-letters', element: <DeadLettersPage /> },
          { path: 'votes/new', element: <NewCampaignPage /> },
          { path: 'votes/:id/edit', element: <EditCampaignPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
