import { describe, expect, it } from "vitest";
import { elementLines, readCsv, readJsonArray } from "../../server/services/collateral/import/tables";

describe("reading CSV", () => {
  it("names cells by normalised header and gives each row the line it starts on", () => {
    const text = '\uFEFFLoan Reference, Principal \r\nA-1,"1,000.00"\r\n\r\nA-2,"multi\nline"\r\nA-3,5\r\n';
    const table = readCsv(text);
    expect(table.header).toEqual(["loan_reference", "principal"]);
    expect(table.rows).toEqual([
      { line: 2, cells: { loan_reference: "A-1", principal: "1,000.00" } },
      { line: 4, cells: { loan_reference: "A-2", principal: "multi\nline" } },
      { line: 6, cells: { loan_reference: "A-3", principal: "5" } },
    ]);
    expect(table.problems).toEqual([]);
  });

  it("trims cells, ignores unnamed empty columns and lines of empty cells", () => {
    const table = readCsv("a,b,\n 1 , 2 ,\n,,\n3,4,\n");
    expect(table.rows.map((r) => r.cells)).toEqual([
      { a: "1", b: "2" },
      { a: "3", b: "4" },
    ]);
    expect(table.problems).toEqual([]);
  });

  it("reports a row with more cells than the header has columns, and broken quotes", () => {
    expect(readCsv("a,b\n1,2,3\n").problems).toEqual([{ line: 2, column: null, code: "too_many_cells", params: { expected: 2, found: 3 } }]);
    const broken = readCsv('a,b\n1,"open\n2,3\n');
    expect(broken.problems[0]).toMatchObject({ line: 2, code: "csv_malformed" });
  });
});

describe("reading a JSON array", () => {
  it("gives each element the line on which it starts", () => {
    const text = '[\n  {"a": "x, [y]", "b": 2},\n\n  {\n    "a": "z\\"}"\n  }, {"a": null}\n]';
    const table = readJsonArray(text);
    expect(table.rows).toEqual([
      { line: 2, cells: { a: "x, [y]", b: "2" } },
      { line: 4, cells: { a: 'z"}' } },
      { line: 6, cells: { a: "" } },
    ]);
    expect(table.header.sort()).toEqual(["a", "b"]);
  });

  it("says what is wrong with the file or an element", () => {
    expect(readJsonArray("{").problems[0]).toMatchObject({ line: null, code: "json_invalid" });
    expect(readJsonArray('{"a": 1}').problems).toEqual([{ line: 1, column: null, code: "json_not_array" }]);
    expect(readJsonArray('[1, {"a": true}]').problems).toEqual([
      { line: 1, column: null, code: "json_item_not_object" },
      { line: 1, column: "a", code: "json_value_not_text" },
    ]);
  });

  it("finds element lines in empty and nested arrays", () => {
    expect(elementLines("[]")).toEqual([]);
    expect(elementLines("[\n[1,2],\n3\n]")).toEqual([2, 3]);
  });
});
