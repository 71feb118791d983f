import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { en } from "../../app/i18n/en";
import { zh } from "../../app/i18n/zh";
import { IMPORT_ISSUE_CODES, IssueList } from "../../server/services/collateral/import/issues";
import { parseUpload } from "../../server/services/collateral/import/parse-upload";
import { checkUpload } from "../../server/services/collateral/import/upload-checks";
import { generateLoanBook } from "../support/loan-book-generator";

const noProgress = async () => undefined;
const SHARES = "loan_reference,mode,preset,role,party_name,share_percent\n";

async function parse(kind: "loan_book" | "registry_feed", files: Array<{ name: string; content: string }>) {
  const issues = new IssueList(files.map((f) => f.name));
  const parsed = await parseUpload(kind, files, issues, noProgress);
  return { parsed, issues: issues.sorted().map((i) => [i.file, i.line, i.column, i.code, i.params ?? null]) };
}

describe("recognising files by their header", () => {
  it("knows each kind by its columns, whatever their order and case", async () => {
    const { parsed, issues } = await parse("loan_book", [
      { name: "x.csv", content: "Share Percent,Role,Party Name,Mode,Loan Reference\n" },
      { name: "y.csv", content: "appraiser,valued_on,amount,method,registry_number,asset_type\n" },
    ]);
    expect(parsed.files.map((f) => f.kind)).toEqual(["risk_shares", "valuations"]);
    expect(issues).toEqual([
      ["x.csv", null, null, "no_rows", null],
      ["y.csv", null, null, "no_rows", null],
    ]);
  });

  it("reports unknown, misplaced, incomplete and misspelt files on line 1", async () => {
    const { issues } = await parse("loan_book", [
      { name: "a.csv", content: "foo,bar\n1,2\n" },
      { name: "b.csv", content: "asset_type,registry_number,kind,occurred_on,source,source_ref\n" },
      { name: "c.csv", content: "loan_reference,principal\nL,1\n" },
      { name: "d.csv", content: "asset_type,registry_number,title,owners,titel\n" },
      { name: "e.csv", content: "" },
    ]);
    expect(issues).toEqual([
      ["a.csv", 1, null, "file_kind_unknown", null],
      ["b.csv", 1, null, "file_kind_wrong_import", { kind: "registry_events" }],
      ["c.csv", 1, "borrower_credit_code", "column_missing", { column: "borrower_credit_code" }],
      ["c.csv", 1, "borrower_name", "column_missing", { column: "borrower_name" }],
      ["c.csv", 1, "disbursed_on", "column_missing", { column: "disbursed_on" }],
      ["c.csv", 1, "matures_on", "column_missing", { column: "matures_on" }],
      ["c.csv", 1, "outstanding_principal", "column_missing", { column: "outstanding_principal" }],
      ["c.csv", 1, "rate_percent", "column_missing", { column: "rate_percent" }],
      ["d.csv", null, null, "no_rows", null],
      ["d.csv", 1, "titel", "column_unknown", { column: "titel" }],
      ["e.csv", null, null, "file_empty", null],
    ]);
  });
});

describe("rows against each other", () => {
  it("finds the same natural key twice, across files too", async () => {
    const header = "asset_type,registry_number,title,owners\n";
    const { issues } = await parse("loan_book", [
      { name: "a.csv", content: `${header}trademark,52736418,A,X\n` },
      { name: "b.csv", content: `${header}trademark,52736418,B,X\n` },
    ]);
    expect(issues).toEqual([["b.csv", 2, "registry_number", "duplicate_row", { file: "a.csv", line: 2 }]]);
  });

  it("checks each loan's agreement as a whole: 100%, one mode, the preset's own shares", async () => {
    const content =
      SHARES +
      "L1,pro_rata,,bank,银行,60\nL1,pro_rata,,risk_fund,基金,30\n" +
      "L2,pro_rata,bank60_fund40,bank,银行,50\nL2,pro_rata,bank60_fund40,risk_fund,基金,50\n" +
      "L3,pro_rata,,bank,银行,50\nL3,subrogated,,guarantor,担保,50\n" +
      "L4,subrogated,,bank,银行,50\nL4,subrogated,,risk_fund,基金,50\n" +
      "L5,pro_rata,bank50_fund50,bank,银行,50\nL5,pro_rata,bank50_fund50,risk_fund,基金,50\n" +
      "L6,pro_rata,,bank,银行,abc\nL6,pro_rata,,risk_fund,基金,50\n";
    const { parsed, issues } = await parse("loan_book", [{ name: "s.csv", content }]);
    expect(issues).toEqual([
      ["s.csv", 2, "share_percent", "shares_not_100", { loan: "L1", total: "90.00%" }],
      ["s.csv", 4, "preset", "preset_mismatch", { loan: "L2", preset: "bank60_fund40" }],
      ["s.csv", 7, "mode", "mode_conflict", { loan: "L3", line: 6 }],
      ["s.csv", 8, "role", "subrogation_needs_guarantor", { loan: "L4", total: "100.00%" }],
      ["s.csv", 12, "share_percent", "share_invalid", null],
    ]);
    expect(parsed.book.agreements.map((a) => a.loanReference)).toEqual(["L5"]);
  });
});

describe("the sample files and the generator", () => {
  const dir = "test/fixtures/imports";

  it("the sample book and feeds have no error", async () => {
    const book = ["assets", "loans", "pledges", "valuations", "risk-shares"].map((n) => ({ name: `${n}.csv`, content: fs.readFileSync(`${dir}/loan-book/${n}.csv`, "utf8") }));
    const { parsed, issues } = await parse("loan_book", book);
    expect(issues).toEqual([]);
    expect(parsed.book.loans).toHaveLength(10);
    expect(parsed.book.assets).toHaveLength(21);
    for (const feed of ["registry-feed.csv", "registry-feed.json"]) {
      expect((await parse("registry_feed", [{ name: feed, content: fs.readFileSync(`${dir}/${feed}`, "utf8") }])).issues).toEqual([]);
    }
  });

  it("the generator writes exactly the rows asked for, all valid", async () => {
    const book = generateLoanBook({ rows: 1_003, series: 3 });
    expect(book.rows).toBe(1_003);
    const { parsed, issues } = await parse("loan_book", book.files);
    expect(issues).toEqual([]);
    expect(parsed.totalRows).toBe(1_003);
  });

  it("reports progress as it checks rows", async () => {
    const book = generateLoanBook({ rows: 2_000 });
    const seen: Array<[number, number]> = [];
    await parseUpload("loan_book", book.files, new IssueList(), async (done, total) => {
      seen.push([done, total]);
    });
    expect(seen[0]).toEqual([0, 2_000]);
    expect(seen.at(-1)).toEqual([2_000, 2_000]);
    expect(seen.length).toBeGreaterThan(3);
  });
});

describe("upload checks", () => {
  it("takes CSV (and JSON for a feed), as text, up to 10 files, and makes names unique", () => {
    const ok = checkUpload("registry_feed", [
      { name: "C:\\fakepath\\feed.csv", content: "a" },
      { name: "feed.csv", content: "b" },
      { name: "more.JSON", content: "[]" },
    ]);
    expect(ok.ok && ok.files.map((f) => f.name)).toEqual(["feed.csv", "feed (2).csv", "more.JSON"]);
    expect(checkUpload("loan_book", [{ name: "x.json", content: "[]" }])).toMatchObject({ ok: false, code: "IMPORT_FILE_TYPE" });
    expect(checkUpload("loan_book", [])).toMatchObject({ ok: false, code: "IMPORT_NO_FILES" });
    expect(checkUpload("loan_book", Array.from({ length: 11 }, (_, i) => ({ name: `${i}.csv`, content: "" })))).toMatchObject({ ok: false, code: "IMPORT_TOO_MANY_FILES" });
    expect(checkUpload("loan_book", [{ name: "x.csv", content: "a\uFFFDb" }])).toMatchObject({ ok: false, code: "IMPORT_NOT_TEXT" });
    expect(checkUpload("loan_book", [{ name: "x.csv", content: "x".repeat(20 * 1024 * 1024 + 1) }])).toMatchObject({ ok: false, code: "IMPORT_TOO_LARGE" });
  });
});

describe("issue codes", () => {
  it("include every message code of the shared row schemas and domain checks", () => {
    const schema = fs.readFileSync("server/domain/schemas/collateral.ts", "utf8");
    const fromSchema = [...schema.matchAll(/(?:error|message): "([a-z_]+)"|, "([a-z_]+)"\)/g)].map((m) => (m[1] ?? m[2])!);
    const domain = ["risk-sharing", "registry-numbers"].map((f) => fs.readFileSync(`server/domain/collateral/${f}.ts`, "utf8")).join("\n");
    const fromDomain = domain
      .split("\n")
      .filter((line) => line.includes("code"))
      .flatMap((line) => [...line.matchAll(/"([a-z]+(?:_[a-z0-9]+)+)"/g)].map((m) => m[1]!));
    const used = new Set([...fromSchema, ...fromDomain]);
    expect(used.size).toBeGreaterThan(30);
    for (const code of used) expect(IMPORT_ISSUE_CODES, code).toContain(code);
  });

  it("each have a message in both languages", () => {
    for (const code of IMPORT_ISSUE_CODES) {
      expect((en.imports.codes as Record<string, string>)[code], code).toBeTruthy();
      expect((zh.imports.codes as Record<string, string>)[code], code).toBeTruthy();
    }
    expect(Object.keys(en.imports.codes).sort()).toEqual([...IMPORT_ISSUE_CODES].sort());
  });
});
