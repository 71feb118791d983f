import type { RiskSharingMode, ShareRole } from "./vocabulary";

/** Loss shares are basis points of the loss: they must sum to exactly 10,000 (100%). */
export const FULL_SHARE_BPS = 10_000;

export type ShareLine = { role: ShareRole; partyName: string; organisationId?: string | null; shareBps: number };

/** The agreements found in practice (docs/domain.md, "The nouns"), one click away on the loan page. */
export const RISK_SHARING_PRESETS = {
  fund54_bank26_insurer16_valuer4: [
    { role: "risk_fund", shareBps: 5_400 },
    { role: "bank", shareBps: 2_600 },
    { role: "insurer", shareBps: 1_600 },
    { role: "valuer", shareBps: 400 },
  ],
  bank60_fund40: [
    { role: "bank", shareBps: 6_000 },
    { role: "risk_fund", shareBps: 4_000 },
  ],
  bank50_fund50: [
    { role: "bank", shareBps: 5_000 },
    { role: "risk_fund", shareBps: 5_000 },
  ],
} as const satisfies Record<string, ReadonlyArray<{ role: ShareRole; shareBps: number }>>;
export type RiskSharingPreset = keyof typeof RISK_SHARING_PRESETS;
export const RISK_SHARING_PRESET_NAMES = Object.keys(RISK_SHARING_PRESETS) as RiskSharingPreset[];

export type ShareCheck =
  | { ok: true }
  | { ok: false; code: "shares_not_100" | "share_not_positive" | "bank_missing" | "duplicate_party" | "subrogation_needs_guarantor" };

export function validateShares(mode: RiskSharingMode, lines: readonly ShareLine[]): ShareCheck {
  if (lines.some((l) => !Number.isInteger(l.shareBps) || l.shareBps <= 0)) return { ok: false, code: "share_not_positive" };
  if (lines.reduce((sum, l) => sum + l.shareBps, 0) !== FULL_SHARE_BPS) return { ok: false, code: "shares_not_100" };
  if (!lines.some((l) => l.role === "bank")) return { ok: false, code: "bank_missing" };
  const keys = lines.map((l) => l.organisationId ?? `${l.role}:${l.partyName.trim().toLowerCase()}`);
  if (new Set(keys).size !== keys.length) return { ok: false, code: "duplicate_party" };
  if (mode === "subrogated" && !lines.some((l) => l.role === "guarantor" || l.role === "re_guarantor")) {
    return { ok: false, code: "subrogation_needs_guarantor" };
  }
  return { ok: true };
}

/** "54.00%" from basis points, for display and messages. */
export function formatShare(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}
