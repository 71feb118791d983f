import type { JsonSafe } from "../../../server/domain/money";
import type { AssetService } from "../../../server/services/collateral/assets";
import type { LoanService } from "../../../server/services/collateral/loans";
import type { MonitorService } from "../../../server/services/collateral/monitor";
import type { NotificationService } from "../../../server/services/notifications";

/** What the pages receive from the services, after jsonSafe (bigint → number, Date → ISO string). */
type OkOf<T> = Extract<Awaited<T>, { ok: true }>;

export type LoanDetailView = JsonSafe<Omit<OkOf<ReturnType<LoanService["detail"]>>, "ok">>;
export type PortfolioLoanView = JsonSafe<Awaited<ReturnType<LoanService["portfolio"]>>[number]>;
export type SharedLoanView = JsonSafe<Awaited<ReturnType<LoanService["shared"]>>[number]>;
type AssetDetailRaw = Omit<OkOf<ReturnType<AssetService["detail"]>>, "ok">;
type EventRow = AssetDetailRaw["events"][number];
/** A registry event's details: the note a person added, if any. */
export type EventDetails = { note?: string } | null;
export type AssetDetailView = JsonSafe<Omit<AssetDetailRaw, "events"> & { events: Array<Omit<EventRow, "details"> & { details: EventDetails }> }>;
export type AssetRowView = JsonSafe<Awaited<ReturnType<AssetService["list"]>>[number]>;
export type AssetOption = Pick<AssetRowView, "id" | "type" | "registryNumber" | "title">;
type AlertRow = Awaited<ReturnType<MonitorService["list"]>>[number];
/** An alert's details are the facts its rule recorded (due date, days, fall, coverage). */
export type AlertDetails = Record<string, string | number | null>;
export type AlertView = JsonSafe<Omit<AlertRow, "details"> & { details: AlertDetails }>;
export type NotificationView = JsonSafe<Awaited<ReturnType<NotificationService["list"]>>[number]>;

/** A risk-sharing party the bank may name: a verified guarantor, fund or insurer on the exchange. */
export type DirectoryEntry = { id: string; name: string; kind: string };

/** What an action answers with when a form needs another look. */
export type FormReply = { intent: string; formError: string | null; fields: Record<string, string[]>; values?: Record<string, string> };

export type DraftLine = { role: string; partyName: string; organisationId: string; share: string };
export type RiskSharingDraft = { mode: string; preset: string; lines: DraftLine[] };
