/** Secure Messaging routes (Veteran pages and the care-team inbox), mounted inside <Routes> in App.tsx. */
import type { ReactNode } from 'react';
import { Route } from 'react-router-dom';
import { RequireRole } from '../identity/RequireRole';
import { CareTeamHelpPage } from './CareTeamHelpPage';
import { CareTeamInboxPage } from './CareTeamInboxPage';
import { CareTeamThreadPage } from './CareTeamThreadPage';
import { ComposePage } from './ComposePage';
import { FolderPage } from './FolderPage';
import { NewMessagePage } from './NewMessagePage';
import { SM_PATHS } from './paths';
import { RecentCareTeamsPage } from './RecentCareTeamsPage';
import { SelectCareTeamPage } from './SelectCareTeamPage';
import { SignaturePage } from './SignaturePage';
import { ThreadPage } from './ThreadPage';

const veteran = (el: ReactNode) => <RequireRole roles={['veteran']}>{el}</RequireRole>;
const clinician = (el: ReactNode) => <RequireRole roles={['care_team']}>{el}</RequireRole>;

export function messagingRoutes() {
  return (
    <>
      <Route path={SM_PATHS.interstitial} element={veteran(<NewMessagePage />)} />
      <Route path={SM_PATHS.recentCareTeams} element={veteran(<RecentCareTeamsPage />)} />
      <Route path={SM_PATHS.selectCareTeam} element={veteran(<SelectCareTeamPage />)} />
      <Route path={SM_PATHS.careTeamHelp} element={veteran(<CareTeamHelpPage />)} />
      <Route path={SM_PATHS.signature} element={veteran(<SignaturePage />)} />
      <Route path={SM_PATHS.compose} element={veteran(<ComposePage />)} />
      <Route path={SM_PATHS.inbox} element={veteran(<FolderPage key="inbox" folder="inbox" />)} />
      <Route path={SM_PATHS.sent} element={veteran(<FolderPage key="sent" folder="sent" />)} />
      <Route path={SM_PATHS.drafts} element={veteran(<FolderPage key="drafts" folder="drafts" />)} />
      <Route path={SM_PATHS.thread} element={veteran(<ThreadPage />)} />
      <Route path={SM_PATHS.careTeamInbox} element={clinician(<CareTeamInboxPage />)} />
      <Route path={SM_PATHS.careTeamThread} element={clinician(<CareTeamThreadPage />)} />
    </>
  );
}
