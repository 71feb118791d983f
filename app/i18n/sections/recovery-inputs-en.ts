/** A disposal case's inputs to the waterfall: costs advanced and risk-sharers' payments (English). */
export const recoveryInputsEn = {
  title: "Costs and risk-sharers' payments",
  lead: "What the proceeds repay besides the loan: costs you advanced for the disposal are repaid first; what each risk-sharer paid you on the loss comes back to it in proportion, never beyond what it paid.",
  amount: "Amount",
  done: { cost: "Cost recorded.", payment: "Payment recorded." },
  kinds: { platform_fee: "Platform fee", appraisal: "Appraisal", registry_fee: "Registry fee", annuity: "Annuity (patent fee)", enforcement: "Enforcement", other: "Other" },
  costs: {
    title: "Disposal costs",
    empty: "No costs recorded yet.",
    kind: "Kind",
    description: "Description",
    incurredOn: "Incurred on",
    paidBy: "Advanced by",
    submit: "Record the cost",
  },
  sharers: {
    title: "Risk-sharers' payments on the loss (代偿 / 补偿)",
    lead: "Each sharer can have paid at most its share of the exposure at default.",
    none: "This loan has no risk-sharers besides the bank.",
    party: "Risk-sharer",
    share: "Loss share",
    ceiling: "At most",
    paid: "Paid so far",
    paidOn: "Paid on",
    submit: "Record the payment",
  },
};
