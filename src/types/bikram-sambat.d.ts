declare module 'bikram-sambat' {
  /** Gregorian date of a Bikram Sambat date; throws outside the supported range or for an impossible day. */
  export function toGreg(year: number, month: number, day: number): { year: number; month: number; day: number };
  export function toBik(greg: string): { year: number; month: number; day: number };
  export function daysInMonth(year: number, month: number): number;
}
