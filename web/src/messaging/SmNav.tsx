import { NavLink } from 'react-router-dom';
import { SM_PATHS } from './paths';

/** Folder navigation for Veterans' Secure Messaging pages. */
export function SmNav() {
  const items = [
    { to: SM_PATHS.inbox, label: 'Inbox' },
    { to: SM_PATHS.sent, label: 'Sent' },
    { to: SM_PATHS.drafts, label: 'Drafts' },
  ];
  return (
    <nav aria-label="Message folders" className="rxb-sm-nav">
      <ul className="usa-unstyled-list vads-u-display--flex">
        {items.map((i) => (
          <li key={i.to} className="vads-u-margin-right--3">
            <NavLink to={i.to} className={({ isActive }) => (isActive ? 'vads-u-font-weight--bold' : '')} end>
              {i.label}
            </NavLink>
          </li>
        ))}
        <li>
          <NavLink to={SM_PATHS.interstitial}>Start a new message</NavLink>
        </li>
      </ul>
    </nav>
  );
}
