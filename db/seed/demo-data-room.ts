import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { listingDocuments, listings } from "../schema";
import type { Services } from "../../server/services";
import { principalFor } from "./principal";

/** A one-page PDF with a few lines of Helvetica text: small, valid, and opened by any reader. */
export function minimalPdf(lines: readonly string[]): Uint8Array {
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const text = lines.map((line, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 56 ${780 - i * 22} Td (${escape(line)}) Tj ET`).join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${Buffer.byteLength(text, "latin1")} >>\nstream\n${text}\nendstream`,
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, "latin1"));
}

/**
 * The data rooms of the demo bank's first public listings: a summary open to everyone and an appraisal
 * extract behind the NDA. Idempotent: nothing happens once any of the bank's rooms holds a document.
 */
export async function seedDemoDataRoom(db: Db, services: Services): Promise<void> {
  const bank = await principalFor(db, "bank@demo.ipx.example");
  const own = await db
    .select({ id: listings.id, title: listings.title })
    .from(listings)
    .where(and(eq(listings.organisationId, bank.organisation.id), inArray(listings.status, ["announced", "open"])))
    .orderBy(asc(listings.createdAt))
    .limit(3);
  if (own.length === 0) return;
  const stocked = await db.select({ id: listingDocuments.listingId }).from(listingDocuments).where(inArray(listingDocuments.listingId, own.map((l) => l.id))).limit(1);
  if (stocked.length > 0) return;
  for (const [i, listing] of own.entries()) {
    const ref = `IPX-DEMO-${String(i + 1).padStart(3, "0")}`;
    const summary = minimalPdf([`Listing summary ${ref}`, "Rights offered, legal status and the rules of this listing.", "Demo document of the IP Collateral Exchange."]);
    const appraisal = minimalPdf([`Appraisal report extract ${ref}`, "Method: income approach. Key assumptions and sensitivity tables.", "Confidential: for evaluation of this listing only."]);
    const placed = [
      await services.dataRoom.shelf.upload(bank, listing.id, { filename: `summary-${ref}.pdf`, content: summary }, { access: "open", title: "挂牌摘要 Listing summary" }),
      await services.dataRoom.shelf.upload(bank, listing.id, { filename: `appraisal-${ref}.pdf`, content: appraisal }, { access: "nda", title: "评估报告摘录 Appraisal report extract" }),
    ];
    for (const result of placed) if (!result.ok) throw new Error(`demo data room: ${listing.title}: ${JSON.stringify(result)}`);
  }
}
