import { VaAdditionalInfo, VaTelephone } from '@department-of-veterans-affairs/web-components/react-bindings';
import type { Medication } from '../api/types';
import { statusDefinition, statusSentence } from '../../../src/shared/medication-statuses';
import { formatLongDate } from '../../../src/shared/medication-fields';

/** "What does this status mean?" (VA.gov StatusDropdown). */
export function StatusDropdown({ label }: { label: string }) {
  const def = statusDefinition(label);
  return (
    <VaAdditionalInfo trigger="What does this status mean?" data-testid="status-dropdown">
      {def.paragraphs.map((p) => (
        <p key={p}>{p}</p>
      ))}
      {def.list && (
        <ul>
          {def.list.map((li) => (
            <li key={li}>{li}</li>
          ))}
        </ul>
      )}
      {def.after?.map((p) => (
        <p key={p}>{p}</p>
      ))}
    </VaAdditionalInfo>
  );
}

/** The sentence VA.gov shows below a status (ExtraDetails), with the pharmacy phone where it says so. */
export function StatusSentence({ rx, renewalLinkShown }: { rx: Medication; renewalLinkShown: boolean }) {
  const s = statusSentence({
    status: rx.status,
    isNonVa: rx.isNonVa,
    refillsRemaining: rx.refillsRemaining,
    renewalLinkShown,
    refillSubmittedOn: rx.refillSubmittedAt ? formatLongDate(rx.refillSubmittedAt) : null,
  });
  if (!s) return null;
  return (
    <p className="vads-u-margin-y--1" data-testid="status-sentence">
      {s.text}
      {s.callPharmacy && (
        <>
          {' '}
          Call your VA pharmacy <VaTelephone contact={rx.facility.phone.replace(/\D/g, '')} />.
        </>
      )}
    </p>
  );
}
