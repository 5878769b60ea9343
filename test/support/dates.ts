// Dates relative to today, since needed-by days and handovers must lie within two years (src/dates.ts).

/** The UTC day `days` from now, as YYYY-MM-DD. */
export function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A one-hour handover window `days` from now at 10:00 server time, as a form's datetime-local values. */
export function localWindow(days: number): { windowStart: string; windowEnd: string } {
  const day = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const date = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
  return { windowStart: `${date}T10:00`, windowEnd: `${date}T11:00` };
}

/** A one-hour window (10:00–11:00 server time, as datetime-local values) on the next `weekday` (0 = Sunday) after today. */
export function localWindowOn(weekday: number): { windowStart: string; windowEnd: string } {
  const today = new Date().getDay();
  return localWindow((weekday - today + 7) % 7 || 7);
}
