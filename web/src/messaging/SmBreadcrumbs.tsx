import { useNavigate } from 'react-router-dom';
import { VaBreadcrumbs } from '@department-of-veterans-affairs/web-components/react-bindings';
import { SM_PATHS } from './paths';

export interface Crumb {
  href: string;
  label: string;
}

/** VA DS breadcrumbs; links navigate inside the app (no full page reload). */
export function SmBreadcrumbs({ crumbs }: { crumbs: Crumb[] }) {
  const navigate = useNavigate();
  const list = [{ href: '/', label: 'VA.gov home' }, ...crumbs].map((c) => ({ ...c, isRouterLink: true }));
  return (
    <VaBreadcrumbs
      breadcrumbList={list}
      label="Breadcrumb"
      onRouteChange={(e) => {
        e.preventDefault();
        void navigate(e.detail.href); // an in-app route change: nothing waits for it
      }}
    />
  );
}

export const MESSAGES_CRUMB: Crumb = { href: SM_PATHS.inbox, label: 'Messages' };
