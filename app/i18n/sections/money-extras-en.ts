/** Credit bids' set-off, equity exits and minimum annual royalties (English). */
export const moneyExtrasEn = {
  credit: {
    offset: "Credit offset (set off against the buyer's own claim)",
    packNote: "Paid by set-off (credit bid)",
  },
  exit: {
    title: "Exit from the equity contribution",
    lead: "When the shares are sold, record the cash they realised. The recovery recorded in kind at the agreed value is then replaced by the cash realised, which runs through the waterfall: the creditors' recovery becomes what the exit brought, above or below the agreed value. It is recorded once.",
    amount: "Cash realised ({{currency}})",
    realisedOn: "Realised on",
    submit: "Record the exit",
    agreed: "Agreed value",
    realised: "Cash realised",
    on: "Realised on",
    adjustment: "Adjustment to the recovery",
    waiting: "No exit recorded yet: the recovery stands in kind at the agreed value.",
    done: "Exit recorded: the recovery now follows the cash realised.",
  },
  history: {
    credit_offset_lowered: "Credit offset lowered: the difference asked in cash",
    equity_exit: "Exit recorded: the recovery adjusted to the cash realised",
  },
  minimum: {
    title: "Minimum annual royalty",
    lead: "Licence years run from {{startsOn}}. When a year ends and the royalties reported for periods starting in it fall short of the minimum, the licensee is asked for the difference as a top-up. A final part year's minimum is pro rata by days.",
    year: "Licence year",
    minimum: "Minimum",
    reported: "Reported",
    topUp: "Top-up",
    status: { open: "In progress", met: "Minimum met", topped_up: "Topped up", pending: "Being checked" },
    none: "No minimum annual royalty in this licence.",
    kind: { period: "Period", minimum_top_up: "Minimum top-up" },
  },
};
