import { Link } from 'react-router-dom';
import type { Medication } from '../api/types';
import { listFields } from '../../../src/shared/medication-fields';
import { Fields } from './Fields';
import { MedicationActions, renewalLinkShown } from './MedicationActions';
import { StatusDropdown, StatusSentence } from './StatusInfo';

/** One prescription in the list (VA.gov MedicationsListCard): name link, fields, status sentence, action. */
export function MedicationCard({
  rx,
  renewalLinkEnabled,
  onRefill,
  busy,
}: {
  rx: Medication;
  renewalLinkEnabled: boolean;
  onRefill: (rx: Medication) => void;
  busy: boolean;
}) {
  return (
    <li className="rxb-rx-card" data-testid="medication-card" data-rx-number={rx.rxNumber}>
      <h3 className="vads-u-margin-top--0">
        <Link to={`/my-health/medications/prescription/${rx.id}`}>{rx.name}</Link>
      </h3>
      <Fields fields={listFields(rx)} />
      <StatusSentence rx={rx} renewalLinkShown={renewalLinkShown(rx, renewalLinkEnabled)} />
      <MedicationActions rx={rx} onRefill={onRefill} busy={busy} renewalLinkEnabled={renewalLinkEnabled} />
      <StatusDropdown label={rx.statusLabel} />
    </li>
  );
}
