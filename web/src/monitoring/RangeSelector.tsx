import { useId } from 'react';
import { RANGE_LABELS, type RangeKey } from './range';

export function RangeSelector(props: { range: RangeKey; from: string; to: string; onChange(next: { range: RangeKey; from: string; to: string }): void }) {
  const id = useId();
  return (
    <div className="rxb-range">
      <label htmlFor={`${id}-range`}>
        Time range
        <select id={`${id}-range`} value={props.range} onChange={(e) => props.onChange({ ...props, range: e.target.value as RangeKey })}>
          {(Object.keys(RANGE_LABELS) as RangeKey[]).map((k) => (
            <option key={k} value={k}>
              {RANGE_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      {props.range === 'custom' && (
        <>
          <label htmlFor={`${id}-from`}>
            From
            <input id={`${id}-from`} type="datetime-local" value={props.from} onChange={(e) => props.onChange({ ...props, from: e.target.value })} />
          </label>
          <label htmlFor={`${id}-to`}>
            To
            <input id={`${id}-to`} type="datetime-local" value={props.to} onChange={(e) => props.onChange({ ...props, to: e.target.value })} />
          </label>
        </>
      )}
    </div>
  );
}
