import { z } from "zod";

/**
 * Free text as people type it, for every field of every form, API body and socket message. PostgreSQL refuses
 * NUL in text (the request failed with a 500), a lone UTF-16 surrogate (JSON can carry one) would be stored as
 * U+FFFD, and other control characters only hide text from the people who read it. Such a field is refused with
 * the code `text_invalid`, under the field's own path.
 */
export const TEXT_INVALID = "text_invalid";

/**
 * A surrogate that is not half of a pair, in UTF-16 code units (no `u` flag, no lookbehind: the pages' bundle
 * runs this in browsers too). `String.prototype.isWellFormed` says the same but is ES2024.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0 controls, DEL and C1 controls: finding them is the point of these two. */
// eslint-disable-next-line no-control-regex
const LINE_CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
/** A multi-line text keeps its tabs and line ends (LF, CR). */
// eslint-disable-next-line no-control-regex
const BLOCK_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** No lone surrogate: what `String.prototype.isWellFormed` answers (ES2024). */
export function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/**
 * One line: a name, a title, a reference, a token. No control character, tab included, except as whitespace around
 * it (an address pasted with its line end), which the field's `.trim()` removes.
 */
export function isTextLine(value: string): boolean {
  return !LINE_CONTROL.test(value.trim()) && isWellFormed(value);
}

/** Several lines: a description, a note, a file's content. Tabs and line ends are allowed. */
export function isTextBlock(value: string): boolean {
  return !BLOCK_CONTROL.test(value) && isWellFormed(value);
}

/**
 * The base of a single-line field: chain `.trim()`, `.min()`, `.max()`, `.optional()` as with `z.string()`. The
 * check comes first so it is reported even when a length check also fails.
 */
export const TextLineSchema = z.string({ error: "required" }).refine(isTextLine, TEXT_INVALID);

/** The base of a multi-line field: a description, a note, a pasted statement. */
export const TextBlockSchema = z.string({ error: "required" }).refine(isTextBlock, TEXT_INVALID);
