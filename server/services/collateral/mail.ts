/** E-mail texts for collateral alerts, in both languages: we do not know each reader's choice. */
const RULE_TEXT: Record<string, [string, string]> = {
  annuity_due_soon: ["Annuity due soon", "年费即将到期"],
  in_grace_period: ["Annuity overdue: in the grace period", "年费逾期：处于宽限期"],
  lapsed: ["Right lapsed", "权利已失效"],
  expired: ["Right expired", "权利已届满"],
  invalidation_pending: ["Invalidation request pending", "无效宣告请求审查中"],
  preservation_order: ["Preservation order on the right", "权利被财产保全"],
  ownership_changed: ["Ownership changed after pledge", "出质后权属发生变更"],
  valuation_fell: ["Valuation fell by more than 20%", "评估值下降超过 20%"],
  coverage_below_one: ["Collateral coverage below 1.0", "质押物覆盖率低于 1.0"],
};

/** One e-mail per loan for the alerts raised together. */
export function alertMail(loanReference: string, findings: ReadonlyArray<{ rule: string; asset: string | null }>) {
  const texts = findings.map((f) => ({ texts: RULE_TEXT[f.rule] ?? [f.rule, f.rule], asset: f.asset }));
  const [firstEn, firstZh] = texts[0]!.texts;
  const more = texts.length > 1 ? ` (+${texts.length - 1})` : "";
  const subject = `[IPX] ${firstZh} / ${firstEn}${more} · ${loanReference}`;
  const lines = (lang: 0 | 1) => texts.map((t) => `- ${t.texts[lang]}${t.asset ? `: ${t.asset}` : ""}`).join("\n");
  const body = `贷款 ${loanReference} 的质押物预警：\n${lines(1)}\n请登录交易所查看处理建议。\n\nCollateral alerts on loan ${loanReference}:\n${lines(0)}\nSign in to the exchange for what to do.\n`;
  return { subject, body };
}
