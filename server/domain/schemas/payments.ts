import Papa from "papaparse";
import { z } from "zod";
import { parseMajor } from "../money";
import { TextBlockSchema, TextLineSchema } from "./text";

/** A bank transfer as the bank reported it; `amount` in minor units. The serial is the bank's own: it makes the receipt once. */
export const BankReceiptSchema = z
  .object({
    bankSerial: TextLineSchema.trim().min(1, "serial_required").max(64, "serial_too_long"),
    amount: z.number().int().positive("amount_invalid").max(Number.MAX_SAFE_INTEGER),
    currency: z.string().regex(/^[A-Z]{3}$/, "currency_invalid").default("CNY"),
    reference: TextLineSchema.trim().max(64, "reference_too_long").default(""),
    payerName: TextLineSchema.trim().max(200, "payer_too_long").default(""),
    receivedOn: z.iso.date("date_invalid"),
  })
  .strict();
export type BankReceiptInput = z.output<typeof BankReceiptSchema>;

/** An unmatched receipt assigned by an operator: to the payment with this reference, or this id. */
export const AssignReceiptSchema = z.union([z.object({ reference: TextLineSchema.trim().min(1, "required").max(64, "reference_too_long") }).strict(), z.object({ paymentId: z.uuid() }).strict()]);
export type AssignReceiptInput = z.output<typeof AssignReceiptSchema>;

export const STATEMENT_COLUMNS = ["serial", "date", "amount", "reference", "payer"] as const;

/** A bank statement to import, pasted on the operator's page or sent to the API. */
export const StatementImportSchema = z
  .object({ csv: TextBlockSchema.trim().min(1, "required").max(2_000_000, "too_long"), currency: z.string().regex(/^[A-Z]{3}$/, "currency_invalid").default("CNY") })
  .strict();

export type StatementLine = { line: number; receipt: BankReceiptInput } | { line: number; error: string };

/**
 * A bank statement as CSV with the header `serial,date,amount,reference,payer` (any order, any case); amounts
 * in major units as the bank prints them ("30,000.00"). Each line is a receipt or the reason it is not.
 */
export function parseStatement(text: string, currency: string): { lines: StatementLine[]; missingColumns: string[] } {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: "greedy", transformHeader: (h) => h.trim().toLowerCase() });
  const missingColumns = STATEMENT_COLUMNS.filter((c) => !(parsed.meta.fields ?? []).includes(c));
  if (missingColumns.length > 0) return { lines: [], missingColumns };
  const lines = parsed.data.map((row, i): StatementLine => {
    const line = i + 2;
    const amount = parseMajor(row.amount ?? "", currency);
    if (amount === null || amount <= 0n || amount > BigInt(Number.MAX_SAFE_INTEGER)) return { line, error: "amount_invalid" };
    const receipt = BankReceiptSchema.safeParse({ bankSerial: row.serial ?? "", amount: Number(amount), currency, reference: row.reference ?? "", payerName: row.payer ?? "", receivedOn: (row.date ?? "").trim() });
    return receipt.success ? { line, receipt: receipt.data } : { line, error: receipt.error.issues[0]!.message };
  });
  return { lines, missingColumns };
}
