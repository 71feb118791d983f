/**
 * Search tokens for the public catalogue (see docs/decisions/005-catalogue-search.md).
 *
 * Chinese, Japanese and Korean have no spaces, and PostgreSQL ships no segmenter for them, so a CJK run
 * becomes overlapping character bigrams ("光纤传感" → 光纤 纤传 传感): a query tokenised the same way
 * finds every document holding all its bigrams, for two-character words (专利, 华为) as for longer ones.
 * Other letters and digits become lower-cased words. Every token is made only of letters and digits of one
 * kind, so PostgreSQL's parser (`to_tsvector('simple', …)`) keeps each one whole as a lexeme.
 */

/** Han, kana and hangul, with the marks that live inside their words (々 〇 ー). */
const CJK = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u3005\\u3007\\u30FC";
/** Letters, digits and marks of every other script. */
const WORD = `(?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}])+`;
/** Punctuation that joins the parts of one written thing: 202110123456.7, non-exclusive, 9/32, bank's. */
const JOINER = "[.\\-/_'\u2019]";
const PIECES = new RegExp(`([${CJK}]+)|(${WORD}(?:${JOINER}${WORD})*)`, "gu");

/** Longer tokens are cut, the same way for documents and queries (prefix search still finds them). */
const MAX_TOKEN_LENGTH = 64;
/** A pasted paragraph would otherwise become a query of hundreds of terms. */
const MAX_QUERY_TERMS = 24;

type Piece = { kind: "cjk"; chars: string[] } | { kind: "word"; parts: string[] };

function foldWord(part: string): string {
  // Diacritics off (café = cafe), lower case, and CNIPA's "ZL" before a patent number is not part of it.
  const folded = part.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC").toLowerCase();
  return folded.replace(/^zl(?=\d)/, "").slice(0, MAX_TOKEN_LENGTH);
}

function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  // NFKC turns full-width ＬＥＤ and ２０２１ (what Chinese input methods often type) into LED and 2021.
  for (const match of text.normalize("NFKC").matchAll(PIECES)) {
    if (match[1]) out.push({ kind: "cjk", chars: [...match[1]] });
    else if (match[2]) {
      const parts = match[2]
        .split(new RegExp(JOINER, "u"))
        .map(foldWord)
        .filter((p) => p !== "");
      if (parts.length > 0) out.push({ kind: "word", parts });
    }
  }
  return out;
}

function bigrams(chars: string[]): string[] {
  if (chars.length === 1) return [chars[0]!];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * The tokens of a document, in order (repeats kept: PostgreSQL counts them for ranking):
 * - a CJK run: its overlapping bigrams (one character alone: itself), then its last character, so that a
 *   one-character query (searched as a prefix) finds characters at the end of a run as well;
 * - a word: its parts, lower-cased; joined parts also as one token ("202110123456.7" → 202110123456, 7
 *   and 2021101234567), so a number is found with or without its dot.
 */
export function tokenise(text: string): string[] {
  const out: string[] = [];
  for (const piece of pieces(text)) {
    if (piece.kind === "cjk") {
      out.push(...bigrams(piece.chars));
      if (piece.chars.length > 1) out.push(piece.chars[piece.chars.length - 1]!);
    } else {
      out.push(...piece.parts);
      if (piece.parts.length > 1) out.push(piece.parts.join("").slice(0, MAX_TOKEN_LENGTH));
    }
  }
  return out;
}

/** One term of a catalogue query: every term must match; `prefix` matches any token that starts with it. */
export type SearchTerm = { token: string; prefix: boolean };

/**
 * A query tokenised like the documents, every term required. The last word or number is matched as a
 * prefix (the visitor may still be typing it: "2021101" finds 202110123456.7), and so is a lone CJK
 * character (光 finds 光纤). Empty when the text holds nothing searchable.
 */
export function searchQuery(text: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  let lastWord = -1;
  for (const piece of pieces(text)) {
    if (piece.kind === "cjk") {
      for (const token of bigrams(piece.chars)) terms.push({ token, prefix: piece.chars.length === 1 });
    } else {
      for (const token of piece.parts) terms.push({ token, prefix: false });
      lastWord = terms.length - 1;
    }
  }
  if (lastWord >= 0) terms[lastWord] = { ...terms[lastWord]!, prefix: true };
  const seen = new Set<string>();
  return terms
    .filter((t) => {
      const key = `${t.token}${t.prefix ? ":*" : ""}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_QUERY_TERMS);
}

/**
 * The text for `to_tsquery('simple', …)`: terms joined by `&`, prefixes marked `:*`. Tokens hold only
 * letters and digits, so no operator or quote can come from the visitor's text.
 */
export function tsQueryText(terms: readonly SearchTerm[]): string {
  return terms.map((t) => (t.prefix ? `${t.token}:*` : t.token)).join(" & ");
}

/** What a listing's search document is made of: its own words and those of its assets. */
export type SearchSource = {
  title: string;
  description: string;
  assets: ReadonlyArray<{ type: string; registryNumber: string; title: string; owners: readonly string[]; classes: readonly string[]; description: string }>;
};

/** Tokens by weight (A: the listing's title; B: asset titles and numbers; C: owners and classes; D: descriptions). */
export type SearchDocument = {
  searchText: string;
  tokens: { a: string; b: string; c: string; d: string };
  assetTypes: string[];
  classes: string[];
};

/** A class as written on the register, in one spelling: "h04l  9/32" → "H04L 9/32", Nice "09" → "9". */
export function normaliseClass(raw: string): string {
  const value = raw.normalize("NFKC").trim().toUpperCase().replace(/\s+/g, " ");
  const ipc = value.match(/^([A-H]\d{2}[A-Z]) ?(\d{1,4}\/\d{2,6})$/);
  if (ipc) return `${ipc[1]} ${ipc[2]}`;
  return /^\d{1,2}$/.test(value) ? String(Number(value)) : value;
}

/**
 * Class filters match at the level people search by: an IPC symbol also files under its subclass
 * (H04L 9/32 → H04L), a Locarno class under its class (14-03 → 14).
 */
export function catalogueClasses(classes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of classes) {
    const value = normaliseClass(raw);
    if (!value) continue;
    out.add(value);
    const ipc = value.match(/^([A-H]\d{2}[A-Z]) \d/);
    const locarno = value.match(/^(\d{2})-\d{2}$/);
    if (ipc) out.add(ipc[1]!);
    else if (locarno) out.add(String(Number(locarno[1])));
  }
  return [...out].sort();
}

/** The listing's search document, from the listing and its assets (pure: the service stores it). */
export function searchDocument(source: SearchSource): SearchDocument {
  const join = (texts: readonly string[]) => tokenise(texts.join("\n")).join(" ");
  const assets = source.assets;
  const lines = [
    source.title,
    ...assets.map((a) => [a.registryNumber, a.title, a.owners.join("、"), a.classes.join(" ")].filter(Boolean).join(" · ")),
    source.description,
    ...assets.map((a) => a.description),
  ];
  return {
    searchText: lines.filter((l) => l.trim() !== "").join("\n"),
    tokens: {
      a: join([source.title]),
      b: join(assets.flatMap((a) => [a.registryNumber, a.title])),
      c: join(assets.flatMap((a) => [...a.owners, ...a.classes])),
      d: join([source.description, ...assets.map((a) => a.description)]),
    },
    assetTypes: [...new Set(assets.map((a) => a.type))].sort(),
    classes: catalogueClasses(assets.flatMap((a) => a.classes)),
  };
}

/**
 * A short excerpt of `text` around the first place a query term occurs (or its start), for result lists.
 * Plain text: the page marks the terms itself.
 */
export function snippet(text: string, terms: readonly SearchTerm[], length = 140): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= length) return flat;
  const lower = flat.toLowerCase();
  const positions = terms.map((t) => lower.indexOf(t.token)).filter((i) => i >= 0);
  const at = positions.length > 0 ? Math.min(...positions) : 0;
  const start = Math.max(0, Math.min(at - Math.floor(length / 3), flat.length - length));
  const body = flat.slice(start, start + length);
  return `${start > 0 ? "…" : ""}${body}${start + length < flat.length ? "…" : ""}`;
}
