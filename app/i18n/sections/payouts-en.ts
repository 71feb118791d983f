/** Payouts: receiving distributions by Stripe transfer (the organisation page), and the operators' view of transfers. */
export const payoutsEn = {
  setup: {
    title: "Payouts by Stripe",
    lead: "Receive your organisation's share of recoveries straight into its Stripe account. Without it, the exchange records each payout and pays it by bank transfer.",
    start: "Set up payouts by Stripe",
    continue: "Continue on Stripe",
    pending: "Stripe has not yet enabled transfers to your account: finish the onboarding, or wait for Stripe's review.",
    enabled: "Payouts by Stripe are on: distributions to your organisation are transferred to its Stripe account.",
    onlyAdmins: "Only your organisation's administrators can set up payouts.",
    done: {
      enabled: "Stripe has enabled transfers to your account: your next payouts will be transferred to it.",
      pending: "Your Stripe account is set up, but Stripe has not enabled transfers yet. We will switch payouts over once it does.",
    },
  },
  status: {
    recorded: "Paid out",
    awaiting_transfer: "Awaiting transfer",
    transferred: "Transferred",
    failed: "Transfer failed",
  },
  operator: {
    nav: "Payouts",
    title: "Payouts by Stripe",
    lead: "Distributions to parties with a Stripe account are transferred automatically after they are booked. Transfers still to be made, and those Stripe refused or reversed, are listed here.",
    awaiting: "Awaiting transfer",
    emptyAwaiting: "No transfer is waiting.",
    failed: "Failed transfers",
    emptyFailed: "No transfer has failed.",
    party: "Party",
    amount: "Amount",
    since: "Since",
    reason: "Stripe's reason",
    retry: "Retry transfer",
    done: {
      transferred: "The payout was transferred.",
      failed: "Stripe refused the transfer again; the reason is shown below.",
    },
  },
};
