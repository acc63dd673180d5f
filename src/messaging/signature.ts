/**
 * Signatures on Veterans' messages (pure), as VA.gov does them:
 *  - The messaging signature (MHV preferences signatureName / signatureTitle / includeSignature) is
 *    added to a new message's body as "\n\n\n<name>\n<title>" (vets-website util/helpers.js
 *    messageSignatureFormatter) when the Veteran chose to include it. The Veteran edits it on the
 *    signature settings page linked from the editor ("Edit signature for all messages").
 *  - Teams that require an electronic signature (VA.gov: Release of Information, Privacy, Record
 *    Amendment teams) get the "Electronic signature" box: full name + certification checkbox. Send is
 *    refused without both; the signature is appended to the body as a signed block (ComposeForm).
 */
import { ESIGNATURE_TEXT } from '../shared/secure-messaging-text.js';

export { ESIGNATURE_TEXT };

export interface MessagingSignature {
  name: string;
  title: string;
  include: boolean;
}

export const SIGNATURE_MAX_LENGTH = 50;

/** The text VA.gov adds to a new message, or '' when the Veteran has no signature to include. */
export function formatSignature(sig: MessagingSignature | null): string {
  if (!sig?.include) return '';
  const lines = [sig.name.trim(), sig.title.trim()].filter(Boolean);
  return lines.length ? `\n\n\n${lines.join('\n')}` : '';
}

export interface ElectronicSignatureInput {
  fullName?: string | undefined;
  certified?: boolean | undefined;
}

/** Field issues for a missing or invalid electronic signature (field paths under `body.electronicSignature`). */
export function electronicSignatureIssues(input: ElectronicSignatureInput | undefined): Array<{ field: string; message: string }> {
  const issues: Array<{ field: string; message: string }> = [];
  const name = input?.fullName?.trim() ?? '';
  if (!name) issues.push({ field: 'body.electronicSignature.fullName', message: ESIGNATURE_TEXT.nameRequired });
  else if (!/^[\p{L}][\p{L} .'’-]*$/u.test(name) || name.length > 100) {
    issues.push({ field: 'body.electronicSignature.fullName', message: ESIGNATURE_TEXT.nameSymbols });
  }
  if (input?.certified !== true) issues.push({ field: 'body.electronicSignature.certified', message: ESIGNATURE_TEXT.certifyRequired });
  return issues;
}

/** The block appended to a signed message: a rule, the name, "Signed electronically on YYYY-MM-DD." */
export function electronicSignatureBlock(fullName: string, date: string): string {
  return `\n\n${'-'.repeat(30)}\n\n${fullName.trim().replace(/\s+/g, ' ')}\nSigned electronically on ${date}.`;
}
