/** Operations home: entry point to the pipeline and monitoring views (role ops). */
import { usePageTitle } from '../layout/usePageTitle';

export function OpsHomePage() {
  usePageTitle('Operations');
  return (
    <>
      <h1>Operations</h1>
      <p className="vads-u-font-size--lg">Tools for the teams that run the Medications and Secure Messaging flow.</p>
      <ul>
        <li><a href="/api/docs">API documentation (OpenAPI)</a></li>
        <li><a href="/metrics">Prometheus metrics</a></li>
        <li><a href="/healthz">Health check</a></li>
      </ul>
    </>
  );
}
