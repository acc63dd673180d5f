/**
 * The VA Design System web components type every custom event's `detail` as `any`. These read the
 * field each event documents (va-select `vaSelect`, va-radio `vaValueChange`: `value`; va-checkbox
 * `vaChange`: `checked`; va-pagination `pageSelect`: `page`), so handlers get typed values.
 */
export const eventValue = (e: CustomEvent<unknown>): string => (e.detail as { value: string }).value;
export const eventChecked = (e: CustomEvent<unknown>): boolean => (e.detail as { checked: boolean }).checked;
export const eventPage = (e: CustomEvent<unknown>): number => (e.detail as { page: number }).page;
