import { eq } from "drizzle-orm";
import { settlements } from "../../../db/schema";
import { fail, ok } from "../../domain/result";
import type { ChecklistStep } from "../../domain/proceeds/settlement-terms";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { type SettlementRow, lockSettlement } from "./balance";
import { tickStep } from "./completion";
import { settlementDeadline } from "./default";
import { cjkFont, filingPackPdf } from "./filing-pack-pdf";
import { filingPack, listSettlements, roleIn, settlementDetail } from "./views";

/** Settlements after an award: read by their parties and the platform, the checklist ticked by the seller, the deadline run by a job. */
export class SettlementService {
  constructor(private readonly deps: ServiceDeps) {}

  list(principal: Principal) {
    return listSettlements(this.deps.db, principal);
  }

  /** A settlement the caller may see (buyer, seller, operators, auditors), or nothing: strangers are told it does not exist. */
  private async visible(principal: Principal, id: string): Promise<{ s: SettlementRow; role: NonNullable<ReturnType<typeof roleIn>> } | null> {
    const [s] = await this.deps.db.select().from(settlements).where(eq(settlements.id, id));
    const role = s ? roleIn(principal, s) : null;
    return s && role ? { s, role } : null;
  }

  async get(principal: Principal, id: string) {
    const found = await this.visible(principal, id);
    if (!found) return fail("NOT_FOUND");
    return ok({ settlement: await settlementDetail(this.deps.db, found.s, found.role), pdfAvailable: cjkFont() !== null });
  }

  async filingPack(principal: Principal, id: string) {
    const found = await this.visible(principal, id);
    if (!found) return fail("NOT_FOUND");
    return ok({ pack: await filingPack(this.deps.db, found.s) });
  }

  async filingPackPdf(principal: Principal, id: string) {
    const found = await this.visible(principal, id);
    if (!found) return fail("NOT_FOUND");
    const pdf = await filingPackPdf(await filingPack(this.deps.db, found.s));
    return pdf ? ok({ pdf }) : fail("PDF_UNAVAILABLE");
  }

  /** The seller (or an operator) ticks a step of the title-transfer checklist once the buyer has paid. */
  async tick(principal: Principal, id: string, step: ChecklistStep) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const s = await lockSettlement(tx, id);
      const role = s ? roleIn(principal, s) : null;
      if (!s || !role) return fail("NOT_FOUND");
      if (role !== "seller" && role !== "operator") return fail("FORBIDDEN");
      if (s.status !== "paid" && s.status !== "completed") return fail("SETTLEMENT_NOT_PAID", { status: s.status });
      if (s.status === "completed") return ok({ status: s.status });
      const after = await tickStep(tx, s, step, principal.user.id, now);
      return ok({ status: after.status });
    });
  }

  /** Run by the deadline job: default an unpaid settlement (a paid or not yet due one is left alone). */
  deadline(settlementId: string) {
    const now = this.deps.now();
    return this.deps.db.transaction((tx) => settlementDeadline(tx, settlementId, this.deps.config, now));
  }
}
