import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  EmailSchema,
  InviteSchema,
  LoginSchema,
  OrganisationDraftSchema,
  PasswordSchema,
  RegisterSchema,
  RejectSchema,
} from "../../server/domain/schemas/accounts";

const VALID_CODE = "91440300MA5FDM01XB";
const GOOD_PASSWORD = "correct horse 42";

/** The message codes of a failed parse, as `path: code`. */
function failures(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("EmailSchema", () => {
  it.each([
    ["ada@example.com", "ada@example.com"],
    ["  Ada@Example.COM \n", "ada@example.com"],
  ])("accepts %j as %j", (input, expected) => {
    expect(EmailSchema.parse(input)).toBe(expected);
  });

  it.each<[unknown, string]>([
    ["", "required"],
    ["   ", "required"],
    [undefined, "required"],
    ["not-an-email", "email_invalid"],
    ["a@b", "email_invalid"],
    [`${"a".repeat(250)}@x.io`, "too_long"],
  ])("refuses %j with %s", (input, code) => {
    expect(failures(EmailSchema, input)[0]).toBe(`: ${code}`);
  });
});

describe("PasswordSchema", () => {
  it.each(["abcdefghi1", GOOD_PASSWORD, "1234567890a"])("accepts %j", (input) => {
    expect(PasswordSchema.safeParse(input).success).toBe(true);
  });

  it.each<[unknown, string]>([
    [undefined, "required"],
    ["abc12", "password_too_short"],
    ["abcdefghi", "password_too_short"],
    ["abcdefghij", "password_weak"],
    ["1234567891", "password_weak"],
    ["Password123", "password_weak"],
    ["ILOVEYOU123", "password_weak"],
    ["a1".repeat(101), "too_long"],
  ])("refuses %j with %s", (input, code) => {
    expect(failures(PasswordSchema, input)[0]).toBe(`: ${code}`);
  });
});

describe("OrganisationDraftSchema", () => {
  it("accepts a draft, trimming the name and upper-casing the credit code", () => {
    expect(OrganisationDraftSchema.parse({ name: "  Acme Bank ", kind: "bank", creditCode: ` ${VALID_CODE.toLowerCase()} ` })).toEqual({
      name: "Acme Bank",
      kind: "bank",
      creditCode: VALID_CODE,
    });
    expect(OrganisationDraftSchema.parse({ name: "Acme", kind: "investor" })).toEqual({ name: "Acme", kind: "investor" });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["letter O in the credit code", { creditCode: "91440300MA5FDMO1XB" }, "creditCode: credit_code_invalid"],
    ["letter I in the credit code", { creditCode: "91440300MA5FDMI1XB" }, "creditCode: credit_code_invalid"],
    ["17-character credit code", { creditCode: VALID_CODE.slice(0, 17) }, "creditCode: credit_code_invalid"],
    ["19-character credit code", { creditCode: `${VALID_CODE}1` }, "creditCode: credit_code_invalid"],
    ["letters in the region digits", { creditCode: "9144A300MA5FDM01XB" }, "creditCode: credit_code_invalid"],
    ["platform kind", { kind: "platform" }, "kind: kind_invalid"],
    ["unknown kind", { kind: "pirate" }, "kind: kind_invalid"],
    ["one-letter name", { name: " A " }, "name: too_short"],
    ["unknown field", { verified: true }, ": Unrecognized key: \"verified\""],
  ])("refuses %s", (_label, change, expected) => {
    expect(failures(OrganisationDraftSchema, { name: "Acme", kind: "bank", ...change })).toEqual([expected]);
  });
});

describe("RegisterSchema", () => {
  const person = { email: " Ada@Example.com", password: GOOD_PASSWORD, name: " Ada " };
  const organisation = { name: "Acme", kind: "guarantor", creditCode: VALID_CODE };
  const invitationToken = "invitation-token-123";

  it.each<[string, Record<string, unknown>]>([
    ["with an organisation", { organisation }],
    ["with an invitation", { invitationToken }],
  ])("accepts registration %s", (_label, extra) => {
    expect(RegisterSchema.parse({ ...person, ...extra })).toEqual({ email: "ada@example.com", password: GOOD_PASSWORD, name: "Ada", ...extra });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ["neither organisation nor invitation", {}, ["organisation: organisation_or_invitation"]],
    ["both organisation and invitation", { organisation, invitationToken }, ["organisation: organisation_or_invitation"]],
    ["a short password", { organisation, password: "short1" }, ["password: password_too_short"]],
    ["a weak password", { organisation, password: "onlyletters" }, ["password: password_weak"]],
    ["a bad e-mail", { organisation, email: "ada" }, ["email: email_invalid"]],
    ["an empty name", { organisation, name: "  " }, ["name: required"]],
    ["a bad credit code", { organisation: { ...organisation, creditCode: "O1440300MA5FDM01XB" } }, ["organisation.creditCode: credit_code_invalid"]],
    ["an unknown field", { organisation, role: "admin" }, [': Unrecognized key: "role"']],
  ])("refuses %s", (_label, extra, expected) => {
    expect(failures(RegisterSchema, { ...person, ...extra })).toEqual(expected);
  });
});

describe("LoginSchema", () => {
  it("accepts any non-empty password and normalises the e-mail", () => {
    expect(LoginSchema.parse({ email: "BOB@x.io ", password: "x" })).toEqual({ email: "bob@x.io", password: "x" });
  });

  it.each<[Record<string, unknown>, string[]]>([
    [{ email: "bob@x.io", password: "" }, ["password: required"]],
    [{ email: "bob@x.io" }, ["password: required"]],
    [{ email: "bob", password: "x" }, ["email: email_invalid"]],
    [{ email: "bob@x.io", password: "x", remember: true }, [': Unrecognized key: "remember"']],
  ])("refuses %j", (input, expected) => {
    expect(failures(LoginSchema, input)).toEqual(expected);
  });
});

describe("InviteSchema", () => {
  it("accepts an e-mail and a role", () => {
    expect(InviteSchema.parse({ email: "New@x.io", role: "member" })).toEqual({ email: "new@x.io", role: "member" });
  });

  it.each<[Record<string, unknown>, string[]]>([
    [{ email: "new@x.io", role: "owner" }, ["role: role_invalid"]],
    [{ email: "new@x.io" }, ["role: role_invalid"]],
    [{ email: "new", role: "admin" }, ["email: email_invalid"]],
    [{ email: "new@x.io", role: "admin", organisationId: "x" }, [': Unrecognized key: "organisationId"']],
  ])("refuses %j", (input, expected) => {
    expect(failures(InviteSchema, input)).toEqual(expected);
  });
});

describe("RejectSchema", () => {
  it("accepts and trims a reason", () => {
    expect(RejectSchema.parse({ reason: "  Missing documents " })).toEqual({ reason: "Missing documents" });
  });

  it.each<[Record<string, unknown>, string[]]>([
    [{}, ["reason: required"]],
    [{ reason: "  no  " }, ["reason: reason_too_short"]],
    [{ reason: "x".repeat(1001) }, ["reason: too_long"]],
    [{ reason: "Missing documents", extra: 1 }, [': Unrecognized key: "extra"']],
  ])("refuses %j", (input, expected) => {
    expect(failures(RejectSchema, input)).toEqual(expected);
  });
});
