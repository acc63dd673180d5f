/**
 * Texts of the renewal path that both the server (error messages, prefill) and the web (pages)
 * show, taken from VA.gov (vets-website mhv-medications SendRxRenewalMessage.jsx and
 * mhv-secure-messaging util/constants.js, ComposeForm, AddYourMedicationInfoWarning). Browser-safe.
 * Apostrophes are typographic (’) like the rest of this product; VA.gov's source uses straight ones.
 */

/** The Medications dialog before leaving for Secure Messaging. */
export const LEAVING_MEDICATIONS_DIALOG = {
  title: 'You’re leaving medications to send a message',
  body: 'You’ll need to select your provider and send the prescription renewal request. We’ll pre-fill your prescription details in the message.',
  pharmacyNote:
    'If you need a medication immediately, call your VA pharmacy’s automated refill line. The phone number is on your prescription label or in your medications details page.',
  continue: 'Continue',
  back: 'Back',
} as const;

/** Back on Medications after the renewal request was sent (VA.gov: ?rxRenewalMessageSuccess=true). */
export const RENEWAL_SENT_ALERT = {
  title: 'Message Sent',
  text: 'We shared your renewal request with your selected provider. It can take up to 3 days for your medication status to change.',
  link: 'Review your sent message',
} as const;

/** The editor around a prefilled renewal request. */
export const PREFILL_TEXT = {
  hintLoaded: 'Review the medication details we added to your message.',
  hintUnavailable: 'Include as many of these medication details as possible.',
  warningTitle: 'Add your medication information to this message',
  warningText:
    'To submit your renewal request, you should fill in as many of the medication details as possible. You can find this information on your prescription label or in your prescription details page.',
  lockedCategory: 'Medication',
} as const;

/** VA.gov's ElectronicSignatureBox and its errors. */
export const ESIGNATURE_TEXT = {
  title: 'Electronic signature',
  intro: 'You need to sign all new messages you send to this team.',
  nameLabel: 'Your full name',
  checkboxLabel: 'I certify that the above is correct and true to the best of my knowledge and belief.',
  prompt: 'Messages to this team require a signature. We added a signature box to this page.',
  nameRequired: 'Enter your full name',
  nameSymbols: 'Your name can only include letters, spaces, hyphens (-), apostrophes (’) and periods (.)',
  certifyRequired: 'You must certify by checking the box.',
} as const;

/** The recent-teams and select-care-team pages. */
export const CARE_TEAM_TEXT = {
  recentTitle: 'Care teams you recently sent messages to',
  recentLabel: 'Select a team you want to message',
  recentHint:
    'This list only includes teams that you’ve sent messages to in the last 6 months. If you want to contact another team, select “A different care team.”',
  differentTeam: 'A different care team',
  selectTitle: 'Select care team',
  systemLabel: 'Select a VA health care system',
  teamLabel: 'Select a care team',
  required: 'Select a care team',
  systemRequired: 'Select a VA health care system',
  helpLink: 'Learn what to do if you can’t find your care team',
  contactListNote: 'If you can’t find the care team you want to select, update your contact list to add it here.',
  contactListLink: 'Update your contact list',
  continue: 'Continue to start message',
} as const;
