/** Weekdays as a volunteer marks them: bit 0 is Monday, bit 6 Sunday. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export function weekdaysToMask(days: readonly Weekday[]): number {
  return days.reduce((mask, day) => mask | (1 << WEEKDAYS.indexOf(day)), 0);
}

export function maskToWeekdays(mask: number): Weekday[] {
  return WEEKDAYS.filter((_, i) => (mask & (1 << i)) !== 0);
}

/**
 * Whether a volunteer is free on the day `at` falls on, in the server's time zone (TZ).
 * No days marked means "any day": most volunteers never fill the form in.
 */
export function isAvailableOn(mask: number, at: Date): boolean {
  if (mask === 0) return true;
  const mondayFirst = (at.getDay() + 6) % 7;
  return (mask & (1 << mondayFirst)) !== 0;
}
