import { describe, expect, it } from "vitest";
import { ERROR_CODES, errorBody } from "../../server/http/api/errors";

describe("errorBody", () => {
  it.each([
    ["INVALID", 400],
    ["UNAUTHENTICATED", 401],
    ["INVALID_CREDENTIALS", 401],
    ["FORBIDDEN", 403],
    ["NOT_FOUND", 404],
    ["INVITATION_INVALID", 404],
    ["EMAIL_TAKEN", 409],
    ["LAST_ADMIN", 409],
    ["PAYLOAD_TOO_LARGE", 413],
    ["ROLE_NOT_ALLOWED", 422],
    ["THROTTLED", 429],
    ["RATE_LIMITED", 429],
    ["BID_TOO_LOW", 409],
    ["IDEMPOTENCY_CONFLICT", 409],
    ["NO_DEPOSIT", 403],
    ["UNAVAILABLE", 503],
    ["INTERNAL", 500],
    ["UNSUPPORTED_ENCODING", 415],
  ])("maps %s to %i", (code, status) => {
    const { status: actual, body } = errorBody(code);
    expect(actual).toBe(status);
    expect(body.error.code).toBe(code);
    expect(body.error.message).not.toBe(code);
    expect(body.error).not.toHaveProperty("details");
  });

  it("maps an unknown code to 422 with the code as its message", () => {
    expect(errorBody("NO_SUCH_CODE")).toEqual({ status: 422, body: { error: { code: "NO_SUCH_CODE", message: "NO_SUCH_CODE" } } });
  });

  it("includes details when given, even falsy ones", () => {
    expect(errorBody("INVALID", { email: ["email_invalid"] }).body.error.details).toEqual({ email: ["email_invalid"] });
    expect(errorBody("INVALID", null).body.error).toHaveProperty("details", null);
  });

  it("gives every known code an error status and a message (a client's error, except the server's own: INTERNAL, UNAVAILABLE, a PDF without its font)", () => {
    for (const code of ERROR_CODES) {
      const { status, body } = errorBody(code);
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(["INTERNAL", "UNAVAILABLE", "PDF_UNAVAILABLE"].includes(code) ? 504 : 500);
      expect(body.error.message.length, code).toBeGreaterThan(0);
    }
  });

  // A code naming an Object.prototype member must not count as known.
  it.each(["constructor", "toString", "__proto__"])("maps the unknown code %s to 422", (code) => {
    expect(errorBody(code).status).toBe(422);
  });
});
