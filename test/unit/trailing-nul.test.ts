import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { stripTrailingNul } from "../../app/utils/trailing-nul.server";

describe("stripTrailingNul", () => {
  it("drops the zero bytes React 18 leaves at the end of a chunk, and keeps everything else", async () => {
    const chunks = [Buffer.concat([Buffer.from("<p>质押"), Buffer.alloc(2)]), Buffer.from("专利</p>"), Buffer.concat([Buffer.from("ok"), Buffer.alloc(1)])];
    const out = await text(Readable.from(chunks).pipe(stripTrailingNul()));
    expect(out).toBe("<p>质押专利</p>ok");
  });
});
