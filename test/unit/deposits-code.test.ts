import { describe, expect, it } from "vitest";
import { BIDDER_CODE_ALPHABET, BIDDER_CODE_LENGTH, newBidderCode } from "../../server/services/bidding/deposits-code";

describe("bidder codes", () => {
  it("use no character a person could misread (0/O, 1/I/L) and no lower case", () => {
    expect(BIDDER_CODE_ALPHABET).not.toMatch(/[01ILO]|[a-z]/);
    expect(new Set(BIDDER_CODE_ALPHABET).size).toBe(BIDDER_CODE_ALPHABET.length);
  });

  it("are four characters drawn from the alphabet by the random source, one draw per character", () => {
    const draws: number[] = [];
    const code = newBidderCode((n) => {
      draws.push(n);
      return draws.length - 1;
    });
    expect(code).toBe("2345");
    expect(draws).toEqual(Array(BIDDER_CODE_LENGTH).fill(BIDDER_CODE_ALPHABET.length));
    expect(newBidderCode((n) => n - 1)).toBe("ZZZZ");
  });

  it("from the crypto source: well formed and spread over the alphabet", () => {
    const codes = Array.from({ length: 2000 }, () => newBidderCode());
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}$/);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    expect(new Set(codes.join(""))).toEqual(new Set(BIDDER_CODE_ALPHABET));
  });
});
