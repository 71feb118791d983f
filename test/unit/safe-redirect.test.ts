import { describe, expect, it } from "vitest";
import { safeRedirect } from "../../app/utils/auth.server";

/** Every target a browser could follow off the site, as written in a link or a form field. */
const ATTACKS = [
  "//evil.example",
  "/\\evil.example",
  "/%09/evil.example",
  "/\t/evil.example",
  "/\r\n/evil.example",
  "/\n/evil.example",
  "/%0d%0a/evil.example",
  "/%0A/evil.example",
  "/\u0085/evil.example",
  "/%C2%85/evil.example",
  "/%5C/evil.example",
  "/%5c%5cevil.example",
  "/%2F%2Fevil.example",
  "/%2f/evil.example",
  "https://evil.example",
  "http:/evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "evil.example",
  "/%E0%A4%A",
  "",
];

describe("safeRedirect", () => {
  it.each(ATTACKS)("refuses %j and answers the fallback", (target) => {
    expect(safeRedirect(target)).toBe("/");
    expect(safeRedirect(target, "/following")).toBe("/following");
  });

  it.each([
    ["/ok?x=1#y", "/ok?x=1#y"],
    ["/account", "/account"],
    ["/listings/abc/room", "/listings/abc/room"],
    ["/a/../b", "/b"],
    ["/catalogue?q=电池", `/catalogue?q=${encodeURIComponent("电池")}`],
    ["/catalogue?q=a%20b", "/catalogue?q=a%20b"],
  ])("keeps the same-origin path %j, normalised", (target, expected) => {
    expect(safeRedirect(target)).toBe(expected);
  });

  it("answers the fallback for what is not a string", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined, "/x")).toBe("/x");
  });
});
