import type { Field } from '../../../src/shared/medication-fields';

/**
 * Label/value pairs as a description list; each pair is one row (label left, value right; on a
 * narrow screen the value keeps its own column and wraps), so a value never drifts from its label.
 */
export function Fields({ fields, testId }: { fields: Field[]; testId?: string }) {
  return (
    <dl className="rxb-fields" data-testid={testId}>
      {fields.map(([label, value]) => (
        <div className="rxb-field" key={label} data-field={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
