import { describe, expect, it } from "vitest";
import { PriorityRightSchema } from "../../server/domain/schemas/deposits";

describe("PriorityRightSchema", () => {
  it("accepts a credit code (trimmed, upper-cased) and a rank from 1 to 99, from JSON or a form", () => {
    expect(PriorityRightSchema.parse({ creditCode: " 91440300ma5fdm07xb ", rank: 1 })).toEqual({ creditCode: "91440300MA5FDM07XB", rank: 1 });
    expect(PriorityRightSchema.parse({ creditCode: "91440300MA5FDM07XB", rank: "99" })).toEqual({ creditCode: "91440300MA5FDM07XB", rank: 99 });
  });

  it.each([
    [{ creditCode: "91440300MA5FDM07XB", rank: 0 }, "rank", "rank_invalid"],
    [{ creditCode: "91440300MA5FDM07XB", rank: 100 }, "rank", "rank_invalid"],
    [{ creditCode: "91440300MA5FDM07XB", rank: 1.5 }, "rank", "rank_invalid"],
    [{ creditCode: "91440300MA5FDM07XB", rank: "first" }, "rank", "rank_invalid"],
    [{ creditCode: "9144030OMA5FDM07XB", rank: 1 }, "creditCode", "credit_code_invalid"],
    [{ rank: 1 }, "creditCode", "required"],
  ])("refuses %j: %s %s", (input, field, code) => {
    const parsed = PriorityRightSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.find((i) => i.path[0] === field)?.message).toBe(code);
  });

  it("refuses unknown fields", () => {
    expect(PriorityRightSchema.safeParse({ creditCode: "91440300MA5FDM07XB", rank: 1, organisationId: "x" }).success).toBe(false);
  });
});
