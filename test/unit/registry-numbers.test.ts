import { describe, expect, it } from "vitest";
import {
  checkClasses,
  checkRegistryNumber,
  isIpcClass,
  isNiceClass,
  patentCheckDigit,
} from "../../server/domain/collateral/registry-numbers";
import type { AssetType } from "../../server/domain/collateral/vocabulary";

/**
 * The CNIPA check digit, written here from the published rule and not from the code under test:
 * multiply the 12 digits by 2,3,4,5,6,7,8,9,2,3,4,5, add, take the remainder of 11; 10 is written "X".
 */
function expectedCheck(twelve: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (twelve.charCodeAt(i) - 48) * ((i % 8) + 2);
  const rest = sum - Math.floor(sum / 11) * 11;
  return rest === 10 ? "X" : `${rest}`;
}

/** A full application number ("201710601862.3") for twelve digits, with the independently computed check. */
function withCheck(twelve: string): string {
  return `${twelve}.${expectedCheck(twelve)}`;
}

/** A seeded generator, so a failing case can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("the independent check-digit oracle", () => {
  it("agrees with the worked example published for application 201710601862.3", () => {
    // 2·2 + 0·3 + 1·4 + 7·5 + 1·6 + 0·7 + 6·8 + 0·9 + 1·2 + 8·3 + 6·4 + 2·5
    //   = 4 + 0 + 4 + 35 + 6 + 0 + 48 + 0 + 2 + 24 + 24 + 10 = 157; 157 = 14·11 + 3 → check digit 3.
    expect(expectedCheck("201710601862")).toBe("3");
  });

  it("gives X for 202110000004", () => {
    // 2·2 + 0·3 + 2·4 + 1·5 + 1·6 + 0 + 0 + 0 + 0 + 0 + 0·4 + 4·5 = 4 + 8 + 5 + 6 + 20 = 43; 43 = 3·11 + 10 → X.
    expect(expectedCheck("202110000004")).toBe("X");
  });
});

describe("patentCheckDigit", () => {
  it.each([
    ["201710601862", "3"],
    ["202110000004", "X"],
    ["000000000000", "0"],
    ["200310102344", "5"],
  ])("of %s is %s", (twelve, check) => {
    expect(patentCheckDigit(twelve)).toBe(check);
  });

  it("matches the independent oracle on 5,000 seeded random numbers, X included", () => {
    const random = mulberry32(20_260_301);
    let sawX = 0;
    for (let n = 0; n < 5_000; n++) {
      const twelve = Array.from({ length: 12 }, () => Math.floor(random() * 10)).join("");
      const expected = expectedCheck(twelve);
      if (expected === "X") sawX++;
      expect(patentCheckDigit(twelve), twelve).toBe(expected);
    }
    expect(sawX).toBeGreaterThan(0);
  });
});

describe("checkRegistryNumber for patents", () => {
  it.each<[AssetType, string, string]>([
    ["patent_invention", "201710601862.3", "201710601862.3"],
    ["patent_invention", "ZL201710601862.3", "201710601862.3"],
    ["patent_invention", "zl201710601862.3", "201710601862.3"],
    ["patent_invention", "  ZL201710601862.3\n", "201710601862.3"],
    ["patent_invention", "202110000004.X", "202110000004.X"],
    ["patent_invention", "202110000004.x", "202110000004.X"],
    ["patent_invention", withCheck("202180012345"), withCheck("202180012345")],
    ["patent_utility_model", withCheck("202220123456"), withCheck("202220123456")],
    ["patent_utility_model", withCheck("202390001234"), withCheck("202390001234")],
    ["patent_design", `ZL${withCheck("201930654321")}`, withCheck("201930654321")],
  ])("accepts a %s numbered %j as %j", (type, raw, normalised) => {
    expect(checkRegistryNumber(type, raw)).toEqual({ ok: true, normalised });
  });

  it.each<[AssetType, string]>([
    // The seventh digit says what kind of patent it is: 1/8 invention, 2/9 utility model, 3 design.
    ["patent_invention", withCheck("202120123456")],
    ["patent_invention", withCheck("202130123456")],
    ["patent_invention", withCheck("202190123456")],
    ["patent_utility_model", withCheck("202110123456")],
    ["patent_utility_model", withCheck("202180123456")],
    ["patent_utility_model", withCheck("202130123456")],
    ["patent_design", withCheck("202110123456")],
    ["patent_design", withCheck("202120123456")],
    ["patent_design", withCheck("202180123456")],
    ["patent_invention", withCheck("202140123456")],
  ])("refuses a %s numbered %j with registry_number_type", (type, raw) => {
    expect(checkRegistryNumber(type, raw)).toEqual({ ok: false, code: "registry_number_type" });
  });

  it.each([
    "201710601862.4",
    "201710601862.X",
    "202110000004.0",
    "ZL202110000004.9",
    // Two neighbouring digits swapped: the weights tell them apart.
    "201710601826.3",
  ])("refuses %j with registry_number_check_digit", (raw) => {
    expect(checkRegistryNumber("patent_invention", raw)).toEqual({ ok: false, code: "registry_number_check_digit" });
  });

  it("refuses every wrong check digit for seeded random valid numbers", () => {
    const random = mulberry32(7);
    const symbols = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "X"];
    for (let n = 0; n < 200; n++) {
      const serial = `${Math.floor(random() * 10_000_000)}`.padStart(7, "0");
      const twelve = `20${10 + Math.floor(random() * 16)}1${serial}`;
      const right = expectedCheck(twelve);
      expect(checkRegistryNumber("patent_invention", `${twelve}.${right}`)).toEqual({ ok: true, normalised: `${twelve}.${right}` });
      for (const wrong of symbols.filter((s) => s !== right)) {
        expect(checkRegistryNumber("patent_invention", `${twelve}.${wrong}`)).toEqual({ ok: false, code: "registry_number_check_digit" });
      }
    }
  });

  it.each([
    ["one digit short", "20171060186.3"],
    ["one digit long", "2017106018620.3"],
    ["no check digit", "201710601862"],
    ["no dot", "2017106018623"],
    ["empty", ""],
    ["a year outside 19xx/20xx", "211710601862.3"],
    ["a letter in the serial", "20171060A862.3"],
    ["a check letter other than X", "201710601862.Y"],
    ["the pre-2003 nine-digit form", "95115608.X"],
    ["spaces inside", "ZL 2017 1 0601862.3"],
    ["another prefix", "CN201710601862.3"],
  ])("refuses %s (%j) with registry_number_format", (_label, raw) => {
    expect(checkRegistryNumber("patent_invention", raw)).toEqual({ ok: false, code: "registry_number_format" });
  });
});

describe("checkRegistryNumber for trademarks and copyrights", () => {
  it.each<[AssetType, string, string]>([
    ["trademark", "1234567", "1234567"],
    ["trademark", "12345678", "12345678"],
    ["trademark", " 40123456 ", "40123456"],
    ["copyright_software", "2021SR0123456", "2021SR0123456"],
    ["copyright_software", "2012sr012345", "2012SR012345"],
    ["copyright_software", " 1999SR123456 ", "1999SR123456"],
    ["copyright_work", "国作登字-2021-F-00012345", "国作登字-2021-F-00012345"],
    ["copyright_work", " 国作登字-2019-a-01234567 ", "国作登字-2019-A-01234567"],
  ])("accepts a %s numbered %j as %j", (type, raw, normalised) => {
    expect(checkRegistryNumber(type, raw)).toEqual({ ok: true, normalised });
  });

  it.each<[AssetType, string]>([
    ["trademark", "123456"],
    ["trademark", "123456789"],
    ["trademark", "1234567A"],
    ["trademark", "1234 567"],
    ["trademark", ""],
    ["copyright_software", "2021SR012345678"],
    ["copyright_software", "2021SR01234"],
    ["copyright_software", "21SR0123456"],
    ["copyright_software", "2021RR0123456"],
    ["copyright_software", "2021-SR-0123456"],
    ["copyright_work", "国作登字-2021-F-0001234"],
    ["copyright_work", "国作登字-2021-F-000123456"],
    ["copyright_work", "国作登字-2021-00012345"],
    ["copyright_work", "国作登字2021F00012345"],
    ["copyright_work", "作登字-2021-F-00012345"],
    ["copyright_work", "2021SR0123456"],
  ])("refuses a %s numbered %j with registry_number_format", (type, raw) => {
    expect(checkRegistryNumber(type, raw)).toEqual({ ok: false, code: "registry_number_format" });
  });

  it("does not take a patent number for a trademark nor a trademark number for a patent", () => {
    expect(checkRegistryNumber("trademark", "201710601862.3").ok).toBe(false);
    expect(checkRegistryNumber("patent_invention", "12345678").ok).toBe(false);
  });
});

describe("IPC and Nice classes", () => {
  it.each([
    ["H04L 9/32", true],
    ["G06F 16/00", true],
    ["G06F16/00", true],
    ["A61K 31/4439", true],
    ["C07D 401/123456", true],
    [" H01M 10/0525 ", true],
    ["I04L 9/32", false],
    ["h04l 9/32", false],
    ["H04 9/32", false],
    ["H04L", false],
    ["H04L 9", false],
    ["H04L 9/3", false],
    ["H04L 12345/32", false],
    ["H04L 9/1234567", false],
    ["H04L  9/32", false],
    ["9", false],
    ["", false],
  ])("isIpcClass(%j) is %s", (value, expected) => {
    expect(isIpcClass(value)).toBe(expected);
  });

  it.each([
    ["1", true],
    ["9", true],
    ["09", true],
    ["35", true],
    ["45", true],
    [" 42 ", true],
    ["0", false],
    ["46", false],
    ["99", false],
    ["100", false],
    ["-1", false],
    ["4.5", false],
    ["1e1", false],
    ["", false],
    ["H04L 9/32", false],
  ])("isNiceClass(%j) is %s", (value, expected) => {
    expect(isNiceClass(value)).toBe(expected);
  });

  it.each<[AssetType, string[], boolean]>([
    ["patent_invention", ["H04L 9/32", "G06F 16/00"], true],
    ["patent_utility_model", ["G06F 16/00"], true],
    ["patent_invention", ["H04L 9/32", "35"], false],
    ["patent_invention", [], true],
    ["trademark", ["9", "35", "42"], true],
    ["trademark", ["9", "46"], false],
    ["trademark", ["H04L 9/32"], false],
    ["trademark", [], true],
    // Copyrights have no classification to check.
    ["copyright_software", ["anything"], true],
    ["copyright_work", ["F"], true],
  ])("checkClasses(%s, %j) is %s", (type, classes, expected) => {
    expect(checkClasses(type, classes)).toBe(expected);
  });

  it("accepts the Locarno class of a design patent", () => {
    expect(checkClasses("patent_design", ["14-03"])).toBe(true);
  });
});
