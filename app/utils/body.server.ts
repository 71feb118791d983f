/** Thrown by a capped body's reader once more than its limit has arrived. */
export class BodyTooLarge extends Error {
  constructor() {
    super("UPLOAD_TOO_LARGE");
  }
}

/**
 * A request's body, counted as it is pulled (Content-Length or chunked alike). Past `maxBytes` it errors and
 * lets go of the request's stream without cancelling it: cancelling destroys the socket, and the 413 could
 * not be written (decision 019).
 */
export function cappedBody(body: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let seen = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      seen += value.byteLength;
      if (seen <= maxBytes) return controller.enqueue(value);
      reader.releaseLock();
      controller.error(new BodyTooLarge());
    },
  });
}
