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

export function alertMail(data: { rule: string; loanReference: string; asset: string | null; severity: string }) {
  const [en, zh] = RULE_TEXT[data.rule] ?? [data.rule, data.rule];
  const subject = `[IPX] ${zh} / ${en} · ${data.loanReference}`;
  const about = data.asset ? `${data.asset}\n` : "";
  const body = `${zh}（贷款 ${data.loanReference}）\n${about}请登录交易所查看处理建议。\n\n${en} (loan ${data.loanReference})\n${about}Sign in to the exchange for what to do.\n`;
  return { subject, body };
}
