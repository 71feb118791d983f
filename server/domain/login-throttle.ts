/** How many failed logins are tolerated before a pause, per account and per address. */
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export type AttemptCounts = { accountFailures: number; addressFailures: number };

export function isThrottled({ accountFailures, addressFailures }: AttemptCounts): boolean {
  return accountFailures >= MAX_FAILURES_PER_ACCOUNT || addressFailures >= MAX_FAILURES_PER_ADDRESS;
}
