import { Transform } from "node:stream";

/**
 * React 18's streaming renderer flushes its whole 2,048-byte buffer when a multi-byte character (most
 * Chinese text) does not fit at its end, so up to three unwritten zero bytes trail that chunk (fixed in
 * React 19, facebook/react#26228). HTML never carries NUL, so each chunk's trailing zeros are dropped.
 */
export function stripTrailingNul(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let end = chunk.length;
      while (end > 0 && chunk[end - 1] === 0) end--;
      done(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}
