import { describe, expect, it } from "vitest";
import { RegisterSchema } from "../../server/domain/schemas/accounts";
import { ClientBidIdSchema } from "../../server/domain/schemas/bids";
import { AssetInputSchema } from "../../server/domain/schemas/collateral";
import { TextBlockSchema, TextLineSchema, isWellFormed } from "../../server/domain/schemas/text";

const EMOJI = "\u{1F600}"; // 😀, the surrogate pair \uD83D\uDE00
const codes = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) => (result.success ? [] : result.error!.issues.map((i) => i.message));

describe("text fields", () => {
  it.each([
    ["NUL", "a\u0000b"],
    ["NUL alone", "\u0000"],
    ["a lone high surrogate", "a\uD800b"],
    ["a lone high surrogate at the end", "abc\uD83D"],
    ["a lone low surrogate", "a\uDC00b"],
    ["a lone low surrogate first", "\uDE00abc"],
    ["a pair in the wrong order", "\uDE00\uD83D"],
    ["a high surrogate before a pair", "\uD800\uD83D\uDE00"],
    ["a low surrogate after a pair", "\uD83D\uDE00\uDE00"],
    ["another C0 control", "bell\u0007"],
    ["DEL", "a\u007Fb"],
    ["a C1 control", "a\u0085b"],
  ])("refuse %s, single-line and multi-line alike, as text_invalid", (_name, value) => {
    expect(codes(TextLineSchema.safeParse(value))).toEqual(["text_invalid"]);
    expect(codes(TextBlockSchema.safeParse(value))).toEqual(["text_invalid"]);
  });

  it.each([
    ["plain text", "Acme Patent Holdings Ltd."],
    ["CJK text", "深圳市知识产权质押物交易所有限公司"],
    ["an emoji (a valid surrogate pair)", `Launch ${EMOJI} day`],
    ["emoji only", `${EMOJI}${EMOJI}`],
    ["accents and symbols", "Zürich – €1,000 · №5 “quoted”"],
    ["the empty string", ""],
  ])("accept %s on one line and on several", (_name, value) => {
    expect(TextLineSchema.safeParse(value)).toEqual({ success: true, data: value });
    expect(TextBlockSchema.safeParse(value)).toEqual({ success: true, data: value });
  });

  it.each([
    ["a tab", "a\tb"],
    ["a line feed", "first line\nsecond line"],
    ["CR LF", "第一行\r\n第二行"],
  ])("keep %s in multi-line text and refuse it on one line", (_name, value) => {
    expect(TextBlockSchema.safeParse(value)).toEqual({ success: true, data: value });
    expect(codes(TextLineSchema.safeParse(value))).toEqual(["text_invalid"]);
  });

  it("let a single line end or start with whitespace that trimming removes", () => {
    expect(TextLineSchema.trim().safeParse("\tAda Lovelace\r\n")).toEqual({ success: true, data: "Ada Lovelace" });
    expect(codes(TextLineSchema.trim().safeParse("Ada\u0000\n"))).toEqual(["text_invalid"]);
  });

  it("report the text first, beside a length check that also fails, and still trim and measure", () => {
    const Name = TextLineSchema.trim().min(3, "too_short").max(5, "too_long");
    expect(codes(Name.safeParse("a\u0000"))).toEqual(["text_invalid", "too_short"]);
    expect(Name.safeParse("  abc  ")).toEqual({ success: true, data: "abc" });
    expect(codes(Name.safeParse(42))).toEqual(["required"]);
  });

  it("name the field in a command: its path, with the code", () => {
    const register = RegisterSchema.safeParse({ email: "a@b.example", password: "long-enough-2026", name: "Li\u0000 Wei", organisation: { name: "Acme\uD800", kind: "investor" } });
    expect(register.success).toBe(false);
    expect(register.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["name", "text_invalid"],
      ["organisation.name", "text_invalid"],
    ]);
    const asset = AssetInputSchema.safeParse({ type: "trademark", registryNumber: "12345678", title: "Mark", owners: ["Acme", "B\u0000"], description: "line one\nline two\u0000" });
    expect(asset.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["owners.1", "text_invalid"],
      ["description", "text_invalid"],
    ]);
  });

  it("isWellFormed agrees with String.prototype.isWellFormed where Node has it", () => {
    const samples = ["", "abc", EMOJI, "\uD800", "\uDC00", "a\uD83D\uDE00b", "\uDE00\uD83D", "\uD83D\uD83D\uDE00", "x\uDBFF\uDFFFy"];
    const native = (s: string) => (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed?.call(s);
    for (const s of samples) expect(isWellFormed(s), JSON.stringify(s)).toBe(native(s) ?? isWellFormed(s));
  });
});

describe("client bid ids", () => {
  it.each([
    ["a UUID", "3f2a6d0e-8b1c-4c3a-9f00-1a2b3c4d5e6f"],
    ["one character", "x"],
    ["100 printable characters, space and tilde included", ` ~${"a".repeat(98)}`],
  ])("accept %s", (_name, value) => {
    expect(ClientBidIdSchema.safeParse(value).success).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["101 characters", "a".repeat(101)],
    ["NUL", "bid\u0000"],
    ["a lone surrogate", "bid\uD800"],
    ["a tab", "bid\t1"],
    ["DEL", "bid\u007F"],
    ["non-ASCII", "出价-1"],
    ["an emoji", `bid-${EMOJI}`],
    ["not a string", 12345],
  ])("refuse %s", (_name, value) => {
    expect(ClientBidIdSchema.safeParse(value).success).toBe(false);
  });
});
