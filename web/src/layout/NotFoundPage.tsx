import { Link } from 'react-router-dom';
import { usePageTitle } from './usePageTitle';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <h1>Sorry — we can’t find that page</h1>
      <p>Try the link below, or check the web address.</p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </>
  );
}
