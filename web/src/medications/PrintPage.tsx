import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { VaAlert, VaLoadingIndicator } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import type { ExportDocument } from '../api/types';
import { usePageTitle } from '../layout/usePageTitle';
import { Fields } from './Fields';

/**
 * Print view: the same document the PDF and the text file are made from (format=print), laid out
 * for paper, then the browser's print dialog. List (filter and sort from the URL) or one prescription.
 */
export function PrintPage() {
  const { prescriptionId } = useParams();
  const [params] = useSearchParams();
  const [doc, setDoc] = useState<ExportDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  usePageTitle(doc ? `Print: ${doc.title}` : 'Print medications');
  const back = prescriptionId ? `/my-health/medications/prescription/${prescriptionId}` : `/my-health/medications?${params}`;

  useEffect(() => {
    const url = prescriptionId
      ? `/api/medications/${encodeURIComponent(prescriptionId)}/export?format=print`
      : `/api/medications/export?${new URLSearchParams({ filter: params.get('filter') ?? 'all', sort: params.get('sort') ?? 'alphabetical-status', format: 'print' })}`;
    api<ExportDocument>('GET', url).then(setDoc, (e) => setError(e instanceof ApiError ? e.message : 'We can’t print your records right now.'));
  }, [prescriptionId, params]);

  useEffect(() => {
    if (doc) setTimeout(() => window.print(), 300);
  }, [doc]);

  if (error)
    return (
      <VaAlert status="error" visible>
        <p>{error}</p>
      </VaAlert>
    );
  if (!doc) return <VaLoadingIndicator message="Getting your records ready to print..." />;
  return (
    <article className="rxb-print" data-testid="print-view">
      <p className="rxb-no-print rxb-print-actions">
        <Link to={back}>Back</Link>{' '}
        <button type="button" className="usa-button usa-button--secondary" onClick={() => window.print()}>
          Print this page
        </button>
      </p>
      <p>
        <strong>{doc.header[0]}</strong>
      </p>
      {doc.header.slice(1).map((l) => (
        <p key={l} className="vads-u-margin-y--0p5">
          {l}
        </p>
      ))}
      <h1>{doc.title}</h1>
      {doc.preface.map((p) => (
        <p key={p}>{p}</p>
      ))}
      {doc.sections.map((s, i) => (
        <section key={`${s.heading}-${i}`} className="rxb-print-section">
          <h2>{s.heading}</h2>
          <Fields fields={s.fields} />
          {s.paragraphs.map((p) => (
            <p key={p}>{p}</p>
          ))}
          {s.children.map((c) => (
            <div key={c.heading}>
              <h3>{c.heading}</h3>
              <Fields fields={c.fields} />
              {c.lines.map((l) => (
                <p key={l} className="vads-u-margin-y--0p5">
                  {l}
                </p>
              ))}
            </div>
          ))}
        </section>
      ))}
    </article>
  );
}
