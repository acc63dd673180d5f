/**
 * Mounted once by the layout: starts flow monitoring (useFlowMonitoring), reports failed API calls
 * on flow pages, and renders the feedback control on registry pages for signed-in users.
 */
import { useEffect } from 'react';
import { useLocation } from 'react-router-dom';
import { observeApiFailures } from '../api/client';
import { useSession } from '../identity/session';
import { matchPage } from '../../../src/shared/flow-match';
import { reportApiFailure } from './api-errors';
import { FeedbackControl } from './FeedbackControl';
import { useFlowMonitoring } from './useFlowMonitoring';

export function FlowMonitoring() {
  useFlowMonitoring();
  const { session } = useSession();
  const location = useLocation();
  useEffect(() => {
    observeApiFailures(reportApiFailure);
    return () => observeApiFailures(null);
  }, []);
  const page = matchPage(location.pathname);
  if (!page || !session?.user) return null;
  // key: a fresh form per page.
  return <FeedbackControl key={page.id} page={page} />;
}
