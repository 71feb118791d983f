import { auditEndpoints } from "./endpoints/audit";
import { authEndpoints } from "./endpoints/auth";
import { catalogueEndpoints } from "./endpoints/catalogue";
import { collateralEndpoints } from "./endpoints/collateral";
import { dataRoomEndpoints } from "./endpoints/data-room";
import { depositEndpoints } from "./endpoints/deposits";
import { disposalCaseEndpoints } from "./endpoints/disposal-cases";
import { recoveryInputEndpoints } from "./endpoints/recovery-inputs";
import { followingEndpoints } from "./endpoints/following";
import { importEndpoints } from "./endpoints/imports";
import { listingEndpoints } from "./endpoints/listings";
import { lotEndpoints } from "./endpoints/lots";
import { offerEndpoints } from "./endpoints/offers";
import { operatorEndpoints } from "./endpoints/operator";
import { registryReportEndpoints } from "./endpoints/registry-reports";
import { organisationEndpoints } from "./endpoints/organisation";
import { paymentEndpoints } from "./endpoints/payments";
import { refundEndpoints } from "./endpoints/refunds";
import { tenderEndpoints } from "./endpoints/tender";
import { settlementEndpoints } from "./endpoints/settlements";
import { distributionEndpoints } from "./endpoints/distributions";
import { recoveryEndpoints } from "./endpoints/recoveries";
import { royaltyEndpoints } from "./endpoints/royalties";
import { equityExitEndpoints } from "./endpoints/equity-exit";
import { cardPaymentEndpoints } from "./endpoints/card-payments";
import { payoutEndpoints } from "./endpoints/payouts";
import type { Endpoint } from "./endpoint";

/** Every API v1 operation. The router, the OpenAPI document and the access tests all read this list. */
export const apiEndpoints: readonly Endpoint[] = [
  ...authEndpoints,
  ...organisationEndpoints,
  ...operatorEndpoints,
  ...registryReportEndpoints,
  ...auditEndpoints,
  ...collateralEndpoints,
  ...disposalCaseEndpoints,
  ...recoveryInputEndpoints,
  ...importEndpoints,
  ...listingEndpoints,
  ...catalogueEndpoints,
  ...offerEndpoints,
  ...dataRoomEndpoints,
  ...followingEndpoints,
  ...tenderEndpoints,
  ...depositEndpoints,
  ...lotEndpoints,
  ...settlementEndpoints,
  ...distributionEndpoints,
  ...recoveryEndpoints,
  ...paymentEndpoints,
  ...refundEndpoints,
  ...royaltyEndpoints,
  ...equityExitEndpoints,
  ...cardPaymentEndpoints,
  ...payoutEndpoints,
];
