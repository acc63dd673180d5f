/** Operations home: entry point to the pipeline and monitoring views (role ops). */
import { Link } from 'react-router-dom';
import { usePageTitle } from '../layout/usePageTitle';
import { OnCallStatus } from '../monitoring/OnCallStatus';

export function OpsHomePage() {
  usePageTitle('Operations');
  return (
    <>
      <h1>Operations</h1>
      <p className="vads-u-font-size--lg">Tools for the teams that run the Medications and Secure Messaging flow.</p>
      <OnCallStatus />
      <h2>Tools</h2>
      <ul>
        <li>
          <Link to="/ops/monitoring">Renewal flow monitoring: funnel, errors by product, feedback, staged rollout</Link>
        </li>
        <li>
          <Link to="/ops/tracking">Rx tracking: shipments, e-mail status, station switch, rejected messages</Link>
        </li>
        <li>
          <a href="/api/docs">API documentation (OpenAPI)</a>
        </li>
        <li>
          <a href="/metrics">Prometheus metrics</a>
        </li>
        <li>
          <a href="/healthz">Health check</a>
        </li>
      </ul>
    </>
  );
}
