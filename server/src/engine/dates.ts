/** Calendar days as `YYYY-MM-DD` strings, which compare in date order: suppression expiries, note dates, due dates. */

/** `YYYY-MM-DD` naming a real day (not 2027-02-30). */
export function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  // Out-of-range months are invalid dates; out-of-range days roll over into the next month.
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
}

/** Today as `YYYY-MM-DD` in UTC, the day expiries and "not in the future" are judged against. */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
