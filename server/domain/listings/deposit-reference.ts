/**
 * The reference a buyer quotes on its bank transfer, so the operator can match the payment to the intent:
 * short enough to type into a bank's remittance field, stable because it is derived from the intent's id.
 */
export function depositReference(intentId: string): string {
  const hex = intentId.replace(/-/g, "").slice(0, 10).toUpperCase();
  return `IPX-${hex.slice(0, 5)}-${hex.slice(5)}`;
}
