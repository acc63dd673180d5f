/**
 * The message editor. For a renewal the draft arrives prefilled (server-side, from the
 * prescription): subject "Renewal Needed", category locked to Medication, VA.gov's hint, and when
 * the prescription couldn't be loaded the "Add your medication information" warning. Teams that
 * require it get VA.gov's electronic-signature box. Edits autosave; Send validates per field and
 * carries an Idempotency-Key (a retried send never makes a second message). A sent renewal request
 * returns the Veteran to Medications with "Message Sent"; a general message goes to Sent.
 */
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import {
  VaAlert,
  VaButton,
  VaCheckbox,
  VaLoadingIndicator,
  VaModal,
  VaSelect,
  VaTextarea,
  VaTextInput,
} from '@department-of-veterans-affairs/web-components/react-bindings';
import { ESIGNATURE_TEXT, PREFILL_TEXT } from '../../../src/shared/secure-messaging-text';
import { codePointLength } from '../../../src/shared/text-count';
import { api, ApiError, newIdempotencyKey } from '../api/client';
import { charactersLeft } from './characters-left';
import { usePageTitle } from '../layout/usePageTitle';
import { eventChecked, eventValue } from '../layout/va-events';
import { formatDateTime } from './format';
import { MESSAGES_CRUMB, SmBreadcrumbs } from './SmBreadcrumbs';
import { renewalSentUrl, SM_PATHS, withRx } from './paths';
import type { Categories, CategoryValue, Draft } from './types';
import { useDraftAutosave, type DraftFields } from './useDraftAutosave';
import { afterModalFrames } from '../layout/modal-frames';
import './messaging.css';

type Field = 'category' | 'subject' | 'body' | 'careTeamId' | 'fullName' | 'certified';
type FieldErrors = Partial<Record<Field, string>>;
const FIELD_ORDER: Field[] = ['category', 'subject', 'body', 'fullName', 'certified'];

function validate(f: DraftFields, limits: Categories['limits'], signature: { fullName: string; certified: boolean } | null): FieldErrors {
  const errors: FieldErrors = {};
  if (!f.category) errors.category = 'Select a category';
  if (!f.subject.trim()) errors.subject = 'Enter a subject';
  else if (codePointLength(f.subject) > limits.subject) errors.subject = `Subject must be ${limits.subject} characters or fewer`;
  if (!f.body.trim()) errors.body = 'Enter a message';
  else if (codePointLength(f.body) > limits.body) errors.body = `Message must be ${limits.body.toLocaleString('en-US')} characters or fewer`;
  if (signature) {
    if (!signature.fullName.trim()) errors.fullName = ESIGNATURE_TEXT.nameRequired;
    if (!signature.certified) errors.certified = ESIGNATURE_TEXT.certifyRequired;
  }
  return errors;
}

/** Server field paths ('body.electronicSignature.fullName') → the editor's field names. */
const fieldOf = (path: string): Field => path.replace(/^body\.(electronicSignature\.)?/, '') as Field;

export function ComposePage() {
  usePageTitle('Start a new message - Messages');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const prescriptionId = params.get('prescriptionId');
  const draftId = params.get('draftId');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [options, setOptions] = useState<Categories | null>(null);
  const [fields, setFields] = useState<DraftFields>({ category: null, subject: '', body: '' });
  const [signature, setSignature] = useState({ fullName: '', certified: false });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [sendError, setSendError] = useState<{ message: string; changeTeam: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const autosave = useDraftAutosave(draftId);
  const formRef = useRef<HTMLDivElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  // One key per send attempt of this draft: retries (a lost response, a double click) repeat it.
  const sendKey = useRef(newIdempotencyKey());

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
    for (const k of Object.keys(patch)) if (errors[k as Field]) setErrors((e) => ({ ...e, [k]: undefined }));
    autosave.schedule(next);
  }

  function focusFirstError(errs: FieldErrors) {
    const first = FIELD_ORDER.find((k) => errs[k]);
    if (!first) return;
    // Focus the VA DS component's own input (inside its shadow root) when it has one.
    const host = formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`);
    const inner = host?.shadowRoot?.querySelector<HTMLElement>('input, textarea, select');
    requestAnimationFrame(() => (inner ?? host)?.focus());
  }

  const renewal = draft?.prefillState != null;
  const needsSignature = draft?.careTeam?.signatureRequired === true;

  async function send() {
    if (!draft?.careTeam || !options) return;
    const errs = validate(fields, options.limits, needsSignature ? signature : null);
    setErrors(errs);
    setSendError(null);
    if (Object.values(errs).some(Boolean)) {
      focusFirstError(errs);
      return;
    }
    autosave.cancel();
    setBusy(true);
    try {
      const sent = await api<{ threadId: string }>(
        'POST',
        `/api/messaging/drafts/${encodeURIComponent(draft.id)}/send`,
        { careTeamId: draft.careTeam.id, ...fields, ...(needsSignature ? { electronicSignature: signature } : {}) },
        { idempotencyKey: sendKey.current },
      );
      if (renewal) void navigate(renewalSentUrl(sent.threadId));
      else void navigate(SM_PATHS.sent, { state: { sentSubject: fields.subject.trim() } });
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.status === 400 && e.issues.length) {
        const fromServer: FieldErrors = {};
        for (const i of e.issues) fromServer[fieldOf(i.field)] = i.message;
        setErrors(fromServer);
        focusFirstError(fromServer);
        return;
      }
      const conflict = e instanceof ApiError && e.status === 409;
      setSendError({
        message:
          e instanceof ApiError && e.status !== 500 && e.status !== 0 ? e.message : 'We couldn’t send your message. Your draft is saved. Try again later.',
        changeTeam: conflict || (e instanceof ApiError && e.status === 404),
      });
      requestAnimationFrame(() => alertRef.current?.focus());
    }
  }

  async function discard() {
    if (!draft) return;
    autosave.cancel();
    setConfirmDelete(false);
    await api('DELETE', `/api/messaging/drafts/${encodeURIComponent(draft.id)}`).catch(() => undefined);
    await afterModalFrames(); // the confirmation dialog closes before the page changes
    void navigate(renewal ? '/my-health/medications' : SM_PATHS.inbox);
  }

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
          {draft.prefillState === 'unavailable' && (
            <VaAlert status="warning" visible data-testid="add-medication-info" className="vads-u-margin-bottom--2">
              <h2 slot="headline">{PREFILL_TEXT.warningTitle}</h2>
              <p>{PREFILL_TEXT.warningText}</p>
            </VaAlert>
          )}
          {needsSignature && (
            <VaAlert status="info" visible slim className="vads-u-margin-bottom--2">
              <p>{ESIGNATURE_TEXT.prompt}</p>
            </VaAlert>
          )}
          <p className="vads-u-margin-bottom--0">
            <strong>To:</strong> {draft.careTeam ? `${draft.careTeam.name} (${draft.careTeam.facilityName})` : 'No care team selected'}
          </p>
          <p className="vads-u-margin-top--0">
            <Link to={withRx(SM_PATHS.selectCareTeam, prescriptionId, { draftId: draft.id })}>Change care team</Link>
          </p>
          {renewal ? (
            <div data-testid="locked-category">
              <p className="vads-u-margin-bottom--0">Category</p>
              <p className="vads-u-margin-top--0 vads-u-font-weight--bold">{PREFILL_TEXT.lockedCategory}</p>
            </div>
          ) : (
            <VaSelect
              data-field="category"
              label="Category"
              name="category"
              required
              value={fields.category ?? ''}
              error={errors.category}
              onVaSelect={(e) => change({ category: (eventValue(e) || null) as CategoryValue | null })}
            >
              <option value="">- Select -</option>
              {options.categories.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </VaSelect>
          )}
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
            className="rxb-message-body"
            data-field="body"
            label="Message"
            name="body"
            required
            value={fields.body}
            error={errors.body}
            hint={`${renewal ? (draft.prefillState === 'unavailable' ? PREFILL_TEXT.hintUnavailable : PREFILL_TEXT.hintLoaded) + ' ' : ''}${charactersLeft(fields.body, options.limits.body)}`}
            onInput={(e) => change({ body: (e.target as HTMLTextAreaElement).value })}
          />
          <p className="vads-u-margin-top--1">
            <Link to={SM_PATHS.signature} data-testid="edit-signature">
              Edit signature for all messages
            </Link>
          </p>
          {needsSignature && (
            <fieldset className="vads-u-border--1px vads-u-border-color--gray-light vads-u-padding--2 vads-u-margin-y--2" data-testid="electronic-signature">
              <legend className="vads-u-font-size--h3 vads-u-font-weight--bold">{ESIGNATURE_TEXT.title}</legend>
              <p>{ESIGNATURE_TEXT.intro}</p>
              <VaTextInput
                data-field="fullName"
                label={ESIGNATURE_TEXT.nameLabel}
                name="fullName"
                required
                value={signature.fullName}
                error={errors.fullName}
                onInput={(e) => {
                  setSignature((s) => ({ ...s, fullName: (e.target as HTMLInputElement).value }));
                  setErrors((x) => ({ ...x, fullName: undefined }));
                }}
              />
              <VaCheckbox
                data-field="certified"
                label={ESIGNATURE_TEXT.checkboxLabel}
                name="certified"
                required
                checked={signature.certified}
                error={errors.certified}
                onVaChange={(e) => {
                  setSignature((s) => ({ ...s, certified: eventChecked(e) }));
                  setErrors((x) => ({ ...x, certified: undefined }));
                }}
              />
            </fieldset>
          )}
          <p aria-live="polite" className="vads-u-color--gray-medium" data-testid="autosave-status">
            {autosave.state.kind === 'saving' && 'Saving your draft...'}
            {autosave.state.kind === 'saved' && `Your draft was saved on ${formatDateTime(autosave.state.at).replace(/\.?$/, '.')}`}
            {autosave.state.kind === 'error' && `We couldn’t save your draft: ${autosave.state.message}`}
          </p>
          <div className="vads-u-display--flex vads-u-flex-wrap--wrap vads-u-margin-top--2">
            <VaButton text="Send" onClick={() => void send()} disabled={busy} className="vads-u-margin-right--2 vads-u-margin-bottom--1" />
            <VaButton
              text="Save draft"
              secondary
              onClick={() => {
                autosave.schedule(fields);
                void autosave.saveNow();
              }}
              className="vads-u-margin-right--2 vads-u-margin-bottom--1"
            />
            <VaButton text="Delete draft" secondary onClick={() => setConfirmDelete(true)} className="vads-u-margin-bottom--1" />
          </div>
          <VaModal
            modalTitle="Delete this draft?"
            status="warning"
            visible={confirmDelete}
            primaryButtonText="Delete draft"
            secondaryButtonText="Cancel"
            onPrimaryButtonClick={() => void discard()}
            onSecondaryButtonClick={() => setConfirmDelete(false)}
            onCloseEvent={() => setConfirmDelete(false)}
            data-testid="delete-draft-modal"
          >
            <p>If you delete this draft, you can’t get it back.</p>
          </VaModal>
        </div>
      )}
    </>
  );
}
