/**
 * The message editor. For a renewal the draft arrives prefilled (server-side, from the
 * prescription); the Veteran can edit everything. Edits autosave; Send validates per field
 * (inline errors via the VA DS inputs' `error` attributes), and any failure keeps the draft.
 */
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { VaAlert, VaButton, VaLoadingIndicator, VaSelect, VaTextarea, VaTextInput } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import { codePointLength } from '../../../src/shared/text-count';
import { charactersLeft } from './characters-left';
import { usePageTitle } from '../layout/usePageTitle';
import { formatDateTime } from './format';
import { MESSAGES_CRUMB, SmBreadcrumbs } from './SmBreadcrumbs';
import { SM_PATHS, withRx } from './paths';
import type { Categories, CategoryValue, Draft } from './types';
import { useDraftAutosave, type DraftFields } from './useDraftAutosave';

type FieldErrors = Partial<Record<'category' | 'subject' | 'body' | 'careTeamId', string>>;

function validate(f: DraftFields, limits: Categories['limits']): FieldErrors {
  const errors: FieldErrors = {};
  if (!f.category) errors.category = 'Select a category';
  if (!f.subject.trim()) errors.subject = 'Enter a subject';
  else if (codePointLength(f.subject) > limits.subject) errors.subject = `Subject must be ${limits.subject} characters or fewer`;
  if (!f.body.trim()) errors.body = 'Enter a message';
  else if (codePointLength(f.body) > limits.body) errors.body = `Message must be ${limits.body.toLocaleString('en-US')} characters or fewer`;
  return errors;
}

export function ComposePage() {
  usePageTitle('Start a new message - Messages');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const prescriptionId = params.get('prescriptionId');
  const draftId = params.get('draftId');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [options, setOptions] = useState<Categories | null>(null);
  const [fields, setFields] = useState<DraftFields>({ category: null, subject: '', body: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [sendError, setSendError] = useState<{ message: string; changeTeam: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const autosave = useDraftAutosave(draftId);
  const formRef = useRef<HTMLDivElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!draftId) return;
    Promise.all([api<Draft>('GET', `/api/messaging/drafts/${encodeURIComponent(draftId)}`), api<Categories>('GET', '/api/messaging/categories')])
      .then(([d, c]) => {
        setDraft(d);
        setOptions(c);
        setFields({ category: d.category, subject: d.subject, body: d.body });
      })
      .catch((e: unknown) => setLoadError(e instanceof ApiError ? e : new ApiError(0, 'error', 'Something went wrong.')));
  }, [draftId]);

  function change(patch: Partial<DraftFields>) {
    const next = { ...fields, ...patch };
    setFields(next);
    for (const k of Object.keys(patch)) if (errors[k as keyof FieldErrors]) setErrors((e) => ({ ...e, [k]: undefined }));
    autosave.schedule(next);
  }

  function focusFirstError(errs: FieldErrors) {
    const order = ['category', 'subject', 'body'] as const;
    const first = order.find((k) => errs[k]);
    if (!first) return;
    // The VA DS components focus their inner control when the host is focused.
    const el = formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`);
    requestAnimationFrame(() => el?.focus());
  }

  async function send() {
    if (!draft?.careTeam || !options) return;
    const errs = validate(fields, options.limits);
    setErrors(errs);
    setSendError(null);
    if (Object.values(errs).some(Boolean)) {
      focusFirstError(errs);
      return;
    }
    autosave.cancel();
    setBusy(true);
    try {
      await api('POST', `/api/messaging/drafts/${encodeURIComponent(draft.id)}/send`, { careTeamId: draft.careTeam.id, ...fields });
      navigate(SM_PATHS.sent, { state: { sentSubject: fields.subject.trim() } });
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.status === 400 && e.issues.length) {
        const fromServer: FieldErrors = {};
        for (const i of e.issues) fromServer[i.field.replace(/^body\./, '') as keyof FieldErrors] = i.message;
        setErrors(fromServer);
        focusFirstError(fromServer);
        return;
      }
      const conflict = e instanceof ApiError && e.status === 409;
      setSendError({
        message: e instanceof ApiError && e.status !== 500 && e.status !== 0 ? e.message : 'We couldn’t send your message. Your draft is saved. Try again later.',
        changeTeam: conflict || (e instanceof ApiError && e.status === 404),
      });
      requestAnimationFrame(() => alertRef.current?.focus());
    }
  }

  async function discard() {
    if (!draft) return;
    autosave.cancel();
    await api('DELETE', `/api/messaging/drafts/${encodeURIComponent(draft.id)}`).catch(() => undefined);
    navigate(prescriptionId ? '/my-health/medications' : SM_PATHS.inbox);
  }

  const renewal = draft?.renewalPrescriptionId != null;

  return (
    <>
      <SmBreadcrumbs crumbs={[MESSAGES_CRUMB, { href: withRx(SM_PATHS.interstitial, prescriptionId), label: 'Start a new message' }]} />
      <h1>Start a new message</h1>
      {!draftId && (
        <VaAlert status="error" visible>
          <h2 slot="headline">Choose a care team first</h2>
          <p>
            <Link to={withRx(SM_PATHS.selectCareTeam, prescriptionId)}>Select a care team</Link>
          </p>
        </VaAlert>
      )}
      {loadError && (
        <VaAlert status="error" visible>
          <h2 slot="headline">{loadError.status === 404 ? 'We can’t find this draft' : 'We can’t load your message right now'}</h2>
          <p>
            {loadError.status === 404 ? 'It may have been sent or deleted. ' : `${loadError.message} `}
            <Link to={SM_PATHS.drafts}>Go to your drafts</Link>
          </p>
        </VaAlert>
      )}
      {draftId && !loadError && !draft && <VaLoadingIndicator message="Loading your message..." />}
      {draft && options && (
        <div ref={formRef}>
          {sendError && (
            <div ref={alertRef} tabIndex={-1}>
              <VaAlert status="error" visible data-testid="send-error">
                <h2 slot="headline">We couldn’t send your message</h2>
                <p>{sendError.message}</p>
                {sendError.changeTeam && (
                  <p>
                    <Link to={withRx(SM_PATHS.selectCareTeam, prescriptionId, { draftId: draft.id })}>Choose a different care team</Link>
                  </p>
                )}
              </VaAlert>
            </div>
          )}
          <p className="vads-u-margin-bottom--0">
            <strong>To:</strong> {draft.careTeam ? `${draft.careTeam.name} (${draft.careTeam.facilityName})` : 'No care team selected'}
          </p>
          <p className="vads-u-margin-top--0">
            <Link to={withRx(SM_PATHS.selectCareTeam, prescriptionId, { draftId: draft.id })}>Change care team</Link>
          </p>
          {renewal && (
            <VaAlert status="info" visible slim>
              <p>We filled in this message with details about your prescription. Check it and make any changes before you send it.</p>
            </VaAlert>
          )}
          <VaSelect
            data-field="category"
            label="Category"
            name="category"
            required
            value={fields.category ?? ''}
            error={errors.category}
            onVaSelect={(e) => change({ category: (e.detail.value || null) as CategoryValue | null })}
          >
            <option value="">- Select -</option>
            {options.categories.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </VaSelect>
          <VaTextInput
            data-field="subject"
            label="Subject"
            name="subject"
            required
            hint={charactersLeft(fields.subject, options.limits.subject)}
            value={fields.subject}
            error={errors.subject}
            onInput={(e) => change({ subject: (e.target as HTMLInputElement).value })}
          />
          <VaTextarea
            data-field="body"
            label="Message"
            name="body"
            required
            value={fields.body}
            error={errors.body}
            hint={`${renewal ? 'Your prescription details are filled in. You can edit them. ' : ''}${charactersLeft(fields.body, options.limits.body)}`}
            onInput={(e) => change({ body: (e.target as HTMLTextAreaElement).value })}
          />
          <p aria-live="polite" className="vads-u-color--gray-medium" data-testid="autosave-status">
            {autosave.state.kind === 'saving' && 'Saving your draft...'}
            {autosave.state.kind === 'saved' && `Your draft was saved on ${formatDateTime(autosave.state.at)}.`}
            {autosave.state.kind === 'error' && `We couldn’t save your draft: ${autosave.state.message}`}
          </p>
          <div className="vads-u-display--flex vads-u-margin-top--2">
            <VaButton text="Send" onClick={() => void send()} disabled={busy} className="vads-u-margin-right--2" />
            <VaButton text="Save draft" secondary onClick={() => { autosave.schedule(fields); void autosave.saveNow(); }} className="vads-u-margin-right--2" />
            <VaButton text="Delete draft" secondary onClick={() => void discard()} />
          </div>
        </div>
      )}
    </>
  );
}
