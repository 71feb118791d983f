import { describe, expect, it } from "vitest";
import {
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  isThrottled,
} from "../../server/domain/login-throttle";

describe("isThrottled", () => {
  it("has the documented limits", () => {
    expect([MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS]).toEqual([5, 20]);
  });

  it.each([
    [0, 0, false],
    [4, 0, false],
    [5, 0, true],
    [6, 0, true],
    [0, 19, false],
    [0, 20, true],
    [4, 19, false],
    [4, 20, true],
    [5, 19, true],
    [100, 100, true],
  ])("account %i, address %i → %s", (accountFailures, addressFailures, expected) => {
    expect(isThrottled({ accountFailures, addressFailures })).toBe(expected);
  });
});
