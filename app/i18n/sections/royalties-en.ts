/** Licence agreements and their royalty reports (English). */
export const royaltiesEn = {
  title: "Licences",
  lead: "Your licence agreements, as licensee or licensor: royalties reported for each period and whether they have been paid.",
  empty: "No licence agreements yet. An agreement is made when a licensor accepts a licence application on a licence listing.",
  columns: { listing: "Listing", licensee: "Licensee", kind: "Kind", rate: "Royalty rate", since: "Agreed on", period: "Period", netSales: "Net sales", royaltyDue: "Royalty due", reference: "Reference", status: "Payment" },
  kind: { exclusive: "Exclusive", non_exclusive: "Non-exclusive", sole: "Sole" },
  role: { licensee: "You are the licensee", licensor: "You are the licensor", platform: "Platform (read only)" },
  report: {
    title: "Report royalties for a period",
    lead: "Enter the period and the net sales made under the licence in it; the royalty due at the agreement's rate is asked for by bank transfer.",
    periodStart: "Period start",
    periodEnd: "Period end",
    netSales: "Net sales ({{currency}})",
    submit: "Report",
  },
  reported: "Reported: {{amount}} royalty is due. Pay it by bank transfer quoting the reference {{reference}}.",
  reportedNothing: "Reported: no royalty is due for this period.",
  reports: { title: "Reports", empty: "No periods reported yet." },
  paymentStatus: { pending: "Awaiting transfer", held: "Held", succeeded: "Paid", canceled: "Cancelled", refunded: "Refunded", failed: "Failed", none: "Nothing due" },
  received: "{{received}} of {{amount}} received",
};
