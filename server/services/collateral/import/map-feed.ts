import { RegistryEventInputSchema } from "../../../domain/schemas/collateral";
import { type Cells, type RowIssue, type RowResult, cellIssues, checkAssetRef, ok, optional, refused } from "./cells";
import type { EventRow, Located } from "./types";

const EVENT_COLUMNS = {
  "asset.type": "asset_type",
  "asset.registryNumber": "registry_number",
  kind: "kind",
  occurredOn: "occurred_on",
  source: "source",
  sourceRef: "source_ref",
  newStatus: "new_status",
  nextAnnuityDue: "next_annuity_due",
  note: "note",
};

/** One registry event (a CSV row or a JSON object), validated by the shared schema. */
export function mapEvent(cells: Cells, at: Located): RowResult<EventRow> {
  const ref = checkAssetRef(cells.asset_type ?? "", cells.registry_number ?? "");
  const parsed = RegistryEventInputSchema.safeParse({
    asset: ref.ok ? ref.ref : { type: "patent_invention", registryNumber: "-" },
    kind: cells.kind ?? "",
    occurredOn: cells.occurred_on ?? "",
    source: cells.source ?? "",
    sourceRef: cells.source_ref ?? "",
    newStatus: optional(cells, "new_status"),
    nextAnnuityDue: optional(cells, "next_annuity_due"),
    note: optional(cells, "note"),
  });
  const issues: RowIssue[] = ref.ok ? [] : [{ column: ref.on === "type" ? "asset_type" : "registry_number", code: ref.code }];
  if (!parsed.success) issues.push(...cellIssues(parsed.error, EVENT_COLUMNS, cells));
  if (issues.length > 0 || !parsed.success || !ref.ok) return refused(issues);
  const e = parsed.data;
  return ok({
    ...at,
    asset: ref.ref,
    kind: e.kind,
    occurredOn: e.occurredOn,
    source: e.source,
    sourceRef: e.sourceRef,
    newStatus: e.newStatus,
    nextAnnuityDue: e.nextAnnuityDue,
    note: e.note,
  });
}
