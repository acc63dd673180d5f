/** Dates as VA.gov shows them: "January 5, 2026". Input is a calendar date (YYYY-MM-DD). */
export function formatDate(date: string | null): string {
  if (!date) return 'Not filled yet';
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}
