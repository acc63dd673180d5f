/**
 * "Learn what to do if you can't find your care team" (VA.gov path /new-message/care-team-help/).
 * VA.gov's own wording for this page (teamNotListedReasons) is not in our reference; the text
 * below is this product's, saying the same things the reference lists: contact list, blocked
 * teams, no association.
 */
import { Link } from 'react-router-dom';
import { usePageTitle } from '../layout/usePageTitle';
import { MESSAGES_CRUMB, SmBreadcrumbs } from './SmBreadcrumbs';
import { SM_PATHS } from './paths';

export function CareTeamHelpPage() {
  usePageTitle('What to do if you can’t find your care team - Messages');
  return (
    <>
      <SmBreadcrumbs crumbs={[MESSAGES_CRUMB, { href: SM_PATHS.careTeamHelp, label: 'Care team help' }]} />
      <h1>What to do if you can’t find your care team</h1>
      <p>Here are the reasons a care team may not be in the list, and what you can do.</p>
      <h2 id="contact-list">The team isn’t in your contact list</h2>
      <p>
        You can start a message only to the care teams in your contact list. To add a team, ask your VA health facility to add it to your secure messaging
        contact list. (This app doesn’t edit the contact list yet.)
      </p>
      <h2>You can’t send messages to the team right now</h2>
      <p>If a team is blocked, call your VA health facility to contact that care team.</p>
      <h2>You’re not connected to the team</h2>
      <p>If you recently started care at a facility, it may take a few days before its teams appear. Call the facility if you need help sooner.</p>
      <p>
        <Link to={SM_PATHS.inbox}>Go back to your messages</Link>
      </p>
    </>
  );
}
