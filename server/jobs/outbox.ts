import { eq, sql } from "drizzle-orm";
import { outbox } from "../../db/schema";
import type { ServiceDeps } from "../services/context";
import type { MailTransport } from "../services/notifier";
import { rowsOf } from "./runner";

const BATCH = 50;

/** Delivers pending e-mails; rows are claimed with SKIP LOCKED so two processes never send one twice. */
export function outboxDeliverer(deps: ServiceDeps, transport: MailTransport) {
  return async () => {
    for (;;) {
      const sent = await deps.db.transaction(async (tx) => {
        const rows = rowsOf<{ id: string; recipient: string; subject: string; body: string }>(
          await tx.execute(sql`select id, recipient, subject, body from ${outbox} where ${outbox.sentAt} is null and ${outbox.attempts} < 5 order by ${outbox.createdAt} limit ${BATCH} for update skip locked`),
        );
        for (const row of rows) {
          try {
            await transport.send({ to: row.recipient, subject: row.subject, body: row.body });
            await tx.update(outbox).set({ sentAt: deps.now(), attempts: sql`${outbox.attempts} + 1` }).where(eq(outbox.id, row.id));
          } catch (error) {
            await tx.update(outbox).set({ attempts: sql`${outbox.attempts} + 1`, lastError: String(error).slice(0, 500) }).where(eq(outbox.id, row.id));
          }
        }
        return rows.length;
      });
      if (sent < BATCH) return;
    }
  };
}
