import { Form } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { RISK_SHARING_PRESETS, type RiskSharingPreset } from "../../../server/domain/collateral/risk-sharing";
import { RISK_SHARING_MODES, SHARE_ROLES } from "../../../server/domain/collateral/vocabulary";
import { parseMajor } from "../../../server/domain/money";
import { CsrfField } from "~/components/csrf-field";
import { FieldError } from "./inputs";
import type { DirectoryEntry, DraftLine, RiskSharingDraft } from "./types";

const PRESET_NAMES = Object.keys(RISK_SHARING_PRESETS) as RiskSharingPreset[];
const BLANK: DraftLine = { role: "guarantor", partyName: "", organisationId: "", share: "" };

/** The lines a preset gives, keeping the parties already named for the same role. */
export function presetDraft(preset: RiskSharingPreset, current: RiskSharingDraft, bankName: string): RiskSharingDraft {
  const lines = RISK_SHARING_PRESETS[preset].map(({ role, shareBps }) => {
    const known = current.lines.find((l) => l.role === role);
    return {
      role,
      partyName: known?.partyName || (role === "bank" ? bankName : ""),
      organisationId: known?.organisationId ?? "",
      share: (shareBps / 100).toFixed(2),
    };
  });
  return { mode: current.mode, preset, lines };
}

/** A preset names the agreement only while its lines are still the preset's roles and shares. */
export function matchesPreset(preset: string, shares: ReadonlyArray<{ role: string; shareBps: number }>): boolean {
  if (!Object.hasOwn(RISK_SHARING_PRESETS, preset)) return false;
  const key = (lines: ReadonlyArray<{ role: string; shareBps: number }>) => lines.map((l) => `${l.role}:${l.shareBps}`).sort().join(",");
  return key(RISK_SHARING_PRESETS[preset as RiskSharingPreset]) === key(shares);
}

function linesAsShares(lines: readonly DraftLine[]) {
  return lines.map((l) => ({ role: l.role, shareBps: Number(parseMajor(l.share, "CNY") ?? -1) }));
}

function totalBps(lines: readonly DraftLine[]): number | null {
  let sum = 0;
  for (const l of lines) {
    if (l.share === "") continue;
    const bps = parseMajor(l.share, "CNY");
    if (bps === null) return null;
    sum += Number(bps);
  }
  return sum;
}

type Props = { initial: RiskSharingDraft; directory: readonly DirectoryEntry[]; bankName: string; errors: Record<string, string[]> };

/**
 * Parties and loss shares, with the presets of practice one click away. Without JavaScript a preset
 * button asks the server for the same lines; with it, the lines change in place.
 */
export function RiskSharingForm({ initial, directory, bankName, errors }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<RiskSharingDraft>(initial);
  const lines = [...draft.lines, BLANK];
  const total = totalBps(draft.lines);
  // Renaming a party keeps the preset; changing a role or a share leaves it.
  const preset = matchesPreset(draft.preset, linesAsShares(draft.lines)) ? draft.preset : "";
  const update = (i: number, patch: Partial<DraftLine>) =>
    setDraft((d) => {
      const next = [...d.lines];
      next[i] = { ...(next[i] ?? BLANK), ...patch };
      return { ...d, lines: next };
    });
  const remove = (i: number) => setDraft((d) => ({ ...d, lines: d.lines.filter((_, j) => j !== i) }));
  const lineError = (i: number) => errors[`shares.${i}.partyName`]?.[0] ?? errors[`shares.${i}.shareBps`]?.[0] ?? errors[`shares.${i}.organisationId`]?.[0] ?? errors[`shares.${i}.role`]?.[0];
  return (
    <Form method="post" className="relative space-y-4" id="risk-sharing-form">
      <CsrfField />
      {/* Enter in a field saves; the preset buttons come first in the form, so this default button comes before them. */}
      <button name="intent" value="risk-sharing" tabIndex={-1} aria-hidden className="absolute h-px w-px overflow-hidden opacity-0" />
      <input type="hidden" name="preset" value={preset} />
      <div>
        <p className="text-sm font-medium text-slate-700">{t("collateral.riskSharing.presets")}</p>
        <div className="mt-2 flex flex-wrap gap-2">
          {PRESET_NAMES.map((name) => (
            <button
              key={name}
              name="intent"
              value={`preset:${name}`}
              aria-pressed={preset === name}
              className={preset === name ? "btn-primary" : "btn-secondary"}
              onClick={(event) => {
                event.preventDefault();
                setDraft((d) => presetDraft(name, d, bankName));
              }}
            >
              {t(`collateral.presets.${name}`)}
            </button>
          ))}
        </div>
        <p className="mt-1 text-xs text-slate-500">{t("collateral.riskSharing.presetsHint")}</p>
      </div>
      <div className="overflow-x-auto">
        <table className="table">
          <thead>
            <tr>
              <th className="whitespace-nowrap">{t("collateral.riskSharing.role")}</th>
              <th className="whitespace-nowrap">{t("collateral.riskSharing.party")}</th>
              <th className="whitespace-nowrap">{t("collateral.riskSharing.organisation")}</th>
              <th className="w-28 whitespace-nowrap">{t("collateral.riskSharing.shareInput")}</th>
              <th>
                <span className="sr-only">{t("common.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => {
              const blank = i === draft.lines.length;
              return (
                <tr key={i} data-line={i}>
                  <td>
                    <select name="role" aria-label={t("collateral.riskSharing.role")} className="input py-1" value={line.role} onChange={(e) => update(i, { role: e.target.value })}>
                      {SHARE_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`collateral.shareRole.${r}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input name="partyName" aria-label={t("collateral.riskSharing.party")} className="input min-w-[14rem] py-1" value={line.partyName} maxLength={200} onChange={(e) => update(i, { partyName: e.target.value })} />
                    {!blank ? <FieldError error={lineError(i)} /> : null}
                  </td>
                  <td>
                    <select
                      name="organisationId"
                      aria-label={t("collateral.riskSharing.organisation")}
                      className="input max-w-xs py-1"
                      value={line.organisationId}
                      onChange={(e) => {
                        const org = directory.find((d) => d.id === e.target.value);
                        update(i, { organisationId: e.target.value, ...(org && !line.partyName ? { partyName: org.name } : {}) });
                      }}
                    >
                      <option value="">{t("collateral.riskSharing.pickOrganisation")}</option>
                      {directory.map((d) => (
                        <option key={d.id} value={d.id}>
                          {d.name} ({t(`kinds.${d.kind}`)})
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input name="share" aria-label={t("collateral.riskSharing.shareInput")} inputMode="decimal" className="input py-1 text-right tabular-nums" value={line.share} onChange={(e) => update(i, { share: e.target.value })} />
                  </td>
                  <td>
                    {!blank ? (
                      <button type="button" className="whitespace-nowrap text-sm text-red-700 hover:underline" onClick={() => remove(i)}>
                        {t("collateral.common.remove")}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={3} className="pt-2 text-right text-sm font-medium">
                {t("collateral.riskSharing.total")}
              </td>
              <td className={`pt-2 text-right text-sm font-semibold tabular-nums ${total === 10_000 ? "text-green-700" : "text-red-700"}`} data-testid="share-total">
                {total === null ? "—" : `${(total / 100).toFixed(2)}%`}
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      <FieldError error={errors.shares?.[0]} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">{t("collateral.riskSharing.mode")}</legend>
          <div className="mt-1 flex flex-wrap gap-4">
            {RISK_SHARING_MODES.map((m) => (
              <label key={m} className="flex items-center gap-2 text-sm">
                <input type="radio" name="mode" value={m} checked={draft.mode === m} onChange={() => setDraft((d) => ({ ...d, mode: m }))} />
                {t(`collateral.mode.${m}`)}
              </label>
            ))}
          </div>
          <FieldError error={errors.mode?.[0]} />
        </fieldset>
        <button name="intent" value="risk-sharing" className="btn-primary">
          {t("collateral.riskSharing.save")}
        </button>
      </div>
    </Form>
  );
}
