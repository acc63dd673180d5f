/**
 * The two Product Guides the seed plan asks for (§2.1 Medications, §2.2 Secure Messaging, each with
 * the shared §2.3 sections), generated as Markdown from the code's registries so they cannot drift:
 * flow URLs (both forms: `:param` and Medallia's URL pattern), eligibility reasons, care-team
 * selection rules, prefill rules, guard thresholds, escalation and contacts (contacts.ts, marked
 * when still placeholders), dashboards (ops/datadog, ops/prometheus, /ops/monitoring, VA.gov's
 * GA4 / Datadog RUM names). Screenshots are taken by test/browser/oncall.e2e.test.ts into
 * docs/guides/screenshots. `rxbridge guides --out docs/guides` writes them; a test compares.
 */
import { DEFAULT_RENEWAL_WINDOW_DAYS, eligibilityReasonTexts } from '../medications/index.js';
import { CARE_TEAM_RULES as CARE_TEAM_SELECTION_RULES, PREFILL_EXCLUDED_FIELDS, PREFILL_INCLUDED_FIELDS, RENEWAL_SUBJECT } from '../messaging/index.js';
import { FLOW_URLS, type FlowUrl, type Product } from '../shared/flow-urls.js';
import { FUNNEL_STEPS, STEP_PRODUCT } from '../shared/funnel-math.js';
import { CONTACTS, showContact } from './contacts.js';
import { ENGINEERING_ESCALATION_STEPS, ESCALATION, UX_ESCALATION_STEPS } from './escalation.js';
import { RENEWAL_LINK_FLAG, ROLLOUT_STAGES } from './rollout/bucketing.js';
import { DEFAULT_THRESHOLDS } from './rollout/guard.js';
import { medalliaPattern } from './url-export.js';

const ORIGIN = 'https://www.va.gov';
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
const RENEWABLE = new Set(['NO_REFILLS_LEFT', 'EXPIRED_WITHIN_RENEWAL_WINDOW']);
const urls = FLOW_URLS as readonly FlowUrl[];
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** Screenshot files the guides embed (the browser test writes them). */
export const GUIDE_SCREENSHOTS = {
  meds: [
    ['meds-1-list-renewal-link.png', 'Medications list: a renewal-eligible prescription shows “Send a renewal request message”'],
    ['meds-2-link-placement.png', 'Link placement on the prescription card'],
  ],
  sm: [
    ['sm-1-interstitial.png', 'Step 3: the Secure Messaging interstitial (urgent-help guidance, the prescription being renewed)'],
    ['sm-2-select-care-team.png', 'Step 4: care-team selection, the prescription’s facility first, one team preselected'],
    ['sm-3-prefilled-message.png', 'Step 5: the prefilled renewal message in the editor'],
    ['sm-4-sent.png', 'Step 6: sent; the Veteran is back on Medications with VA.gov’s “Message Sent” alert and a link to the sent message'],
    ['sm-error-no-care-team.png', 'Error state: the Veteran has no care team to message'],
    ['sm-error-prescription-not-found.png', 'Error state: the link names a prescription that is not the Veteran’s (or does not exist)'],
  ],
} as const;

function shared(out: string[]): void {
  out.push('## Cross-tool workflow (shared)', '');
  out.push(
    table(
      ['#', 'Funnel step', 'Owning product', 'Owning engineering team', 'Pages'],
      FUNNEL_STEPS.map((step, i) => [
        String(i + 1),
        `\`${step}\``,
        ESCALATION[STEP_PRODUCT[step]].productName,
        ESCALATION[STEP_PRODUCT[step]].engineeringTeam,
        urls
          .filter((u) => u.kind === 'page' && u.step === step)
          .map((u) => `\`${u.path}\``)
          .join(', ') || '(the link on the page before)',
      ]),
    ),
    '',
  );
  out.push(
    'Each step is counted once per signed-in session, when its page loaded successfully; a session counts at a step only if it reached every step before it, so conversion never exceeds 100%.',
    '',
  );

  out.push('## Shared monitoring responsibilities', '');
  for (const e of Object.values(ESCALATION)) {
    out.push(`- **${e.uxTeam}** (Medallia / VSignals): ${e.uxWatches.join('; ')}.`);
    out.push(`- **${e.engineeringTeam}** (Datadog + logs): ${e.engineeringWatches.join('; ')}.`);
  }
  out.push(
    '',
    'Attribution: every API outcome and browser error is charged to a product and step. An error at the interstitial caused by the link (prescription not renewable, not found) is a **Medications routing error**; Secure Messaging API failures are **Secure Messaging’s**. Rx-tracking ingest errors are reported apart.',
    '',
  );

  out.push('## All URLs for Medallia / VSignals', '');
  out.push(
    'Both forms: the `:param` pattern the code serves, and Medallia’s URL pattern (`*` wildcards; the exact syntax the intake expects is an assumption to confirm with the VSignals team). Also served as `GET /api/monitoring/urls.csv` and `urls.json`.',
    '',
  );
  out.push(
    table(
      ['Id', 'Product', 'Step', 'Path (`:param` form)', 'Medallia URL pattern', 'Description'],
      urls
        .filter((u) => u.kind === 'page')
        .map((u) => [`\`${u.id}\``, u.product, u.step ?? '', `\`${u.path}\``, `\`${medalliaPattern(ORIGIN, u.path)}\``, u.description]),
    ),
    '',
  );
  out.push('API endpoints of the flow (for engineering; not Medallia targets):', '');
  out.push(
    table(
      ['Id', 'Product', 'Step', 'Path'],
      urls.filter((u) => u.kind === 'api').map((u) => [`\`${u.id}\``, u.product, u.step ?? '', `\`${u.path}\``]),
    ),
    '',
  );

  out.push('## Dashboards', '');
  out.push(
    table(
      ['Dashboard', 'Where', 'What'],
      [
        ['On-call status', '`/ops`', 'Rollout state, last guard decision, firing alerts'],
        [
          'Renewal flow monitoring',
          '`/ops/monitoring`',
          'Ranges 1 h / 6 h / 24 h / 7 d; failures, conversions and p95 per product and step over time; treatment vs control; error codes; funnel; feedback; rollout controls',
        ],
        [
          'Datadog dashboard',
          '`ops/datadog/dashboard.json` (POST /api/v1/dashboard)',
          'Generated from the URL registry: every step, every API URL, RUM views of every page',
        ],
        [
          'Datadog monitors',
          '`ops/datadog/monitors.json` (POST /api/v1/monitor)',
          'Failure ratio per product and step, browser errors per page, link-to-sent drop',
        ],
        [
          'Prometheus / Alertmanager',
          '`ops/prometheus/rules.yml`, `ops/alertmanager/alertmanager.yml`',
          'Recording and alerting rules labelled by team; routing by team and severity; critical alerts pause the rollout',
        ],
        [
          'GA4',
          'VA.gov property (outside this repository)',
          'VA.gov’s existing event names: `cta-button-click` “Continue to send renewal message”, `int-select-box-option-click`, `sm_editor_prefill_loaded`, `api_call` “Rx SM Renewal”',
        ],
        [
          'Datadog RUM / logs (VA.gov)',
          'VA.gov RUM application (outside this repository)',
          '“Rx Renewal Modal Continue”, “Prescription Renewal Message Sent”, “Prescription Renewal Message Send Failed”',
        ],
        ['Medallia / VSignals', 'Intake request with the URL table above', 'Feedback on the flow pages'],
      ],
    ),
    '',
  );

  out.push('## Staged rollout and escalation', '');
  out.push(
    `Feature flag \`${RENEWAL_LINK_FLAG}\`; stages ${ROLLOUT_STAGES.map((s) => `${s}%`).join(' → ')} of Veterans (stable hash: a Veteran keeps their group as stages grow).`,
    '',
  );
  out.push(
    `The guard runs every 5 minutes on traffic since the later of the last hour and the last rollout change. It counts distinct signed-in Veterans, and only failures (5xx, timeouts, browser load failures, routing errors), never a Veteran’s own validation errors; a step is judged once ${DEFAULT_THRESHOLDS.minVeterans} Veterans reached it and ${DEFAULT_THRESHOLDS.minFailingVeterans} saw a failure. A problem equally bad in control is shared and not blamed on the rollout. Every decision is stored with its counts, rates, thresholds and window.`,
    '',
  );
  out.push(
    table(
      ['Condition (treatment group)', 'Action'],
      [
        [`≥ ${pct(DEFAULT_THRESHOLDS.rollbackRate)} of Veterans at a step saw a failure`, 'roll back + page the owning team'],
        [`≥ ${pct(DEFAULT_THRESHOLDS.pauseRate)} of Veterans at a step saw a failure`, 'pause + notify the owning team'],
        [`failure share more than ${pct(DEFAULT_THRESHOLDS.maxExcessOverControl)} points above control`, 'pause + notify the owning team'],
        [
          `link → sent conversion below ${pct(DEFAULT_THRESHOLDS.minConversion)} (≥ ${DEFAULT_THRESHOLDS.minConversionSample} Veterans)`,
          'pause + notify Secure Messaging',
        ],
      ],
    ),
    '',
  );
  out.push(
    'Ops actions at `/ops/monitoring` (each audited with who and why): advance, pause (link hidden, stage kept), resume, roll back (link hidden, stage reset to 0).',
    '',
  );
  out.push('UX escalation:', '', UX_ESCALATION_STEPS.map((s, i) => `${i + 1}. ${s}`).join('\n'), '');
  out.push('Engineering escalation:', '', ENGINEERING_ESCALATION_STEPS.map((s, i) => `${i + 1}. ${s}`).join('\n'), '');
}

function contacts(out: string[], product: Product): void {
  const c = CONTACTS[product];
  const e = ESCALATION[product];
  out.push('## Contacts', '');
  out.push(
    'From `src/monitoring/contacts.ts` (the one contacts file). Values marked PLACEHOLDER are not real yet: the seed plan names the teams but no channels, services or people.',
    '',
  );
  out.push(
    table(
      ['Role', 'Contact'],
      [
        [`${e.engineeringTeam} channel`, showContact(c.channel)],
        [`${e.engineeringTeam} paging`, showContact(c.pager)],
        ['Product manager', showContact(c.productManager)],
        ['Engineering lead', showContact(c.engineeringLead)],
        [e.uxTeam, showContact(c.uxContact)],
      ],
    ),
    '',
  );
}

const images = (out: string[], list: readonly (readonly [string, string])[]) => {
  for (const [file, caption] of list) out.push(`![${caption}](screenshots/${file})`, '', `*${caption}.*`, '');
};

export function renderMedicationsGuide(): string {
  const out: string[] = [
    '# Medications Product Guide: Rx renewal link',
    '',
    '<!-- Generated by `rxbridge guides --out docs/guides`. Do not edit by hand: a test fails when this file differs from the code. -->',
    '',
  ];
  out.push('## The renewal link', '');
  out.push(
    'Renewal-eligible prescriptions on the Medications list and on a prescription’s details page show **“Send a renewal request message”**. It opens Secure Messaging’s interstitial for that prescription (`/my-health/secure-messages/new-message?prescriptionId=…`). Refillable prescriptions show the refill action instead; the server decides which, with one reason code per prescription.',
    '',
  );
  images(out, GUIDE_SCREENSHOTS.meds);
  out.push('## Renewal vs refill eligibility', '');
  out.push(
    table(
      ['Reason code', 'Renewal link', 'Text shown to the Veteran'],
      Object.entries(eligibilityReasonTexts(DEFAULT_RENEWAL_WINDOW_DAYS)).map(([code, text]) => [
        `\`${code}\``,
        RENEWABLE.has(code) ? 'yes' : 'no',
        String(text),
      ]),
    ),
    '',
  );
  out.push('## Expected journey from Medications into Secure Messaging', '');
  out.push(
    '1. The Veteran views the Medications list (`list_viewed`, counted only when a renewal link is on the page).',
    '2. Selects “Send a renewal request message” (`link_selected`).',
    '3. Secure Messaging takes over at the interstitial (see the Secure Messaging guide).',
    '',
  );
  out.push('## Known limitations and error states', '');
  out.push(
    table(
      ['Situation', 'What the Veteran sees', 'Owner'],
      [
        [
          'No care team to message (e.g. Casey Nguyen in the demo)',
          'The care-team page explains other ways to request the renewal (pharmacy phone, automated line, facility)',
          'SM (page), Meds (link shown)',
        ],
        [
          'Link to a prescription that is not renewable or not the Veteran’s',
          '“We can’t find that prescription” at the interstitial; no way forward',
          'Medications: counted as a routing error',
        ],
        ['Rollout paused or rolled back', 'No renewal link for anyone (refill actions unchanged)', 'Meds + SM on call'],
        ['Only care teams at another facility', 'Teams listed, none preselected (another facility’s pharmacy cannot renew)', 'SM'],
      ],
    ),
    '',
  );
  out.push('## Integration points with Secure Messaging', '');
  out.push(
    '- The link carries only the prescription id; Secure Messaging re-checks ownership and renewability on the server (`GET /api/messaging/renewals/:prescriptionId`).',
    '- A routing error there (not eligible, not found) is charged to Medications, since the link sent the Veteran.',
    '',
  );
  shared(out);
  contacts(out, 'meds');
  return out.join('\n');
}

export function renderSecureMessagingGuide(): string {
  const out: string[] = [
    '# Secure Messaging Product Guide: medication renewal requests',
    '',
    '<!-- Generated by `rxbridge guides --out docs/guides`. Do not edit by hand: a test fails when this file differs from the code. -->',
    '',
  ];
  out.push('## Receiving medication renewal requests', '');
  out.push(
    'A renewal request arrives in the care team’s inbox (`/care-team/inbox`) flagged “Renewal request”, in the category Medications, with the prefilled details below. The clinician replies in the conversation; the Veteran gets the usual “new secure message” e-mail.',
    '',
  );
  out.push('## Expected flow inside Secure Messaging', '');
  images(out, GUIDE_SCREENSHOTS.sm.slice(0, 4));
  out.push('## Interstitial behaviour', '');
  out.push(
    'The interstitial shows the urgent-help guidance (Veterans Crisis Line, 911), the reply time (up to 3 business days) and the prescription being renewed. The server checks that the prescription is the Veteran’s and renewable before anything is shown; otherwise an error page replaces the interstitial.',
    '',
  );
  out.push('## Care-team selection logic', '');
  out.push(CARE_TEAM_SELECTION_RULES.map((r) => `- ${r}`).join('\n'), '');
  out.push('`care_team_selected` is recorded when the Veteran confirms a team (leaves the care-team page for the editor), not on page view.', '');
  out.push('## Prefill rules', '');
  out.push(
    `Subject “${RENEWAL_SUBJECT}”; category Medication, locked (the Veteran cannot change it). Included, one “Label: value” line each, in VA.gov’s order:`,
    '',
  );
  out.push(
    table(
      ['Label in the message', 'Source field', 'When the value is missing'],
      PREFILL_INCLUDED_FIELDS.map((f) => [f.label, `\`${f.source}\``, f.fallback ? `“${f.fallback}”` : '(blank)']),
    ),
    '',
  );
  out.push(
    'When the prescription cannot be loaded (or has no name or prescription number), every label stays with a blank value, and the editor shows “Add your medication information to this message” and the hint “Include as many of these medication details as possible.” The Veteran’s messaging signature, if they include one, follows the lines.',
    '',
  );
  out.push(
    'Never included:',
    '',
    table(
      ['Field', 'Why'],
      PREFILL_EXCLUDED_FIELDS.map((f) => [`\`${f.field}\``, f.reason]),
    ),
    '',
  );
  out.push('## Error states and known issues', '');
  images(out, GUIDE_SCREENSHOTS.sm.slice(4));
  out.push(
    table(
      ['Situation', 'Answer', 'Charged to'],
      [
        ['No care team the Veteran can message', 'Guidance page, no team list, no Continue', 'SM (page) — the plan’s “no available care team” limitation'],
        ['Prescription not found / not the Veteran’s / not renewable', '404 / 422 at the interstitial; error page', 'Medications (routing error)'],
        [
          'Care team blocked or retired between selection and send',
          '409 `detail.reason` CARE_TEAM_BLOCKED / CARE_TEAM_INACTIVE; the draft is kept',
          'Validation (not a failure the guard judges)',
        ],
        ['Subject or body missing / too long', '400 naming the field, shown inline', 'Validation'],
        ['SM API failure (5xx, timeout)', 'Generic error; the draft is kept', 'Secure Messaging: the guard and the SM alerts judge these'],
      ],
    ),
    '',
  );
  out.push('## Integration notes with Medications', '');
  out.push(
    '- Entry is only through the renewal link (`?prescriptionId=`). After a successful send the Veteran returns to Medications with `?rxRenewalMessageSuccess=true` (VA.gov’s return); that landing counts as `message_sent`, and only after this session saw a draft.',
    '- Success is reported back with VA.gov’s names (`Prescription Renewal Message Sent`, GA `api_call` “Rx SM Renewal”).',
    '',
  );
  shared(out);
  contacts(out, 'sm');
  return out.join('\n');
}
