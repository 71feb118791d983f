/** Paying a settlement's balance or a royalty by card (English), beside the bank transfer. */
export const cardPayEn = {
  title: "Or pay by card",
  royaltyTitle: "Pay the royalty for {{period}} by card",
  lead: "{{amount}} is still owed. You may pay it by card now instead of the bank transfer: the card is charged at once. Pay one way only — if the transfer arrives too, the excess is refunded to you.",
  start: "Pay by card",
  pay: "Pay {{amount}}",
  confirming: "Recording your payment…",
  overpaid: "{{amount}} arrived beyond what was owed (for example a card payment after the transfer had paid the balance). It is owed back to the buyer and will be refunded.",
};
