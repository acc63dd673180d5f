/**
 * Resolves two animation frames from now: long enough for a va-modal that was just closed to have
 * run its pending setup (one frame after it rendered) and its teardown (which removes the
 * aria-hidden it put on the page and the body scroll lock). Navigate after this, not at once, when
 * a va-modal button leads to another page (MedicationActions' leaving dialog, the delete-draft
 * confirmation).
 */
export function afterModalFrames(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}
