import Papa from "papaparse";
import { normaliseHeader } from "./formats";
import type { ImportIssueCode } from "./issues";

/** A file read into rows of named cells, each row with the line it starts on, whatever the format. */
export type Table = {
  header: string[];
  rows: Array<{ line: number; cells: Record<string, string> }>;
  problems: Array<{ line: number | null; column: string | null; code: ImportIssueCode; params?: Record<string, string | number> }>;
};

/**
 * CSV (RFC 4180, comma-separated, UTF-8, optional BOM). Papaparse reports where each row ends; lines are
 * counted from that, so a quoted cell spanning lines still points at the line its row starts on.
 */
export function readCsv(text: string): Table {
  const content = text.replace(/^\uFEFF/, "");
  const table: Table = { header: [], rows: [], problems: [] };
  let rawHeader: string[] | null = null;
  let previousEnd = 0;
  let countedTo = 0;
  let lineAtCounted = 1;
  const lineAt = (offset: number) => {
    for (let i = countedTo; i < offset; i += 1) if (content.charCodeAt(i) === 10) lineAtCounted += 1;
    countedTo = Math.max(countedTo, offset);
    return lineAtCounted;
  };
  Papa.parse<string[]>(content, {
    delimiter: ",",
    skipEmptyLines: "greedy",
    step: (result) => {
      let start = previousEnd;
      while (start < content.length && (content[start] === "\r" || content[start] === "\n")) start += 1;
      previousEnd = result.meta.cursor;
      const line = lineAt(start);
      for (const error of result.errors) table.problems.push({ line, column: null, code: "csv_malformed", params: { detail: error.message } });
      const values = result.data;
      if (rawHeader === null) {
        rawHeader = values;
        table.header = values.map(normaliseHeader);
        return;
      }
      const cells: Record<string, string> = {};
      values.forEach((value, i) => {
        const name = table.header[i];
        if (name) cells[name] ??= value.trim();
        else if (i >= table.header.length && value.trim() !== "") table.problems.push({ line, column: null, code: "too_many_cells", params: { expected: table.header.length, found: values.length } });
      });
      table.rows.push({ line, cells });
    },
  });
  return table;
}

/**
 * A JSON array of objects keyed like the CSV columns. JSON.parse checks it; a small scan finds the line on
 * which each element starts, so errors point at lines here too.
 */
export function readJsonArray(text: string): Table {
  const content = text.replace(/^\uFEFF/, "");
  const table: Table = { header: [], rows: [], problems: [] };
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    table.problems.push({ line: null, column: null, code: "json_invalid", params: { detail: error instanceof Error ? error.message : String(error) } });
    return table;
  }
  if (!Array.isArray(data)) {
    table.problems.push({ line: 1, column: null, code: "json_not_array" });
    return table;
  }
  const lines = elementLines(content);
  const header = new Set<string>();
  data.forEach((item, index) => {
    const line = lines[index] ?? 1;
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      table.problems.push({ line, column: null, code: "json_item_not_object" });
      return;
    }
    const cells: Record<string, string> = {};
    for (const [rawKey, value] of Object.entries(item as Record<string, unknown>)) {
      const key = normaliseHeader(rawKey);
      header.add(key);
      if (value === null || value === undefined) cells[key] = "";
      else if (typeof value === "string") cells[key] = value.trim();
      else if (typeof value === "number" && Number.isFinite(value)) cells[key] = String(value);
      else table.problems.push({ line, column: key, code: "json_value_not_text" });
    }
    table.rows.push({ line, cells });
  });
  table.header = [...header];
  return table;
}

/** The line on which each element of a top-level JSON array starts (the text is known to be valid JSON). */
export function elementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let escaped = false;
  let expecting = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (ch === "\n") line += 1;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\r" || ch === "\n") continue;
    if (depth === 1 && expecting && ch !== "]") {
      lines.push(line);
      expecting = false;
    }
    if (ch === '"') inString = true;
    else if (ch === "[" || ch === "{") {
      depth += 1;
      if (depth === 1) expecting = true;
    } else if (ch === "]" || ch === "}") depth -= 1;
    else if (ch === "," && depth === 1) expecting = true;
  }
  return lines;
}
