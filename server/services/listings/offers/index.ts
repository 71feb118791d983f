import type { ServiceDeps } from "../../context";
import type { Principal } from "../../auth/principal";
import type { PaymentService } from "../../payments/service";
import { DiscountOffers } from "./discount";
import { EquityOffers } from "./equity";
import { LicenceOffers } from "./licence";
import { TransferOffers } from "./transfer";
import { listedValuations, offersOn, pendingDeposits } from "./view";

/** Offers on listings decided by agreement rather than by bidding. */
export class OfferService {
  readonly licence: LicenceOffers;
  readonly equity: EquityOffers;
  readonly transfer: TransferOffers;
  readonly discount: DiscountOffers;

  constructor(
    private readonly deps: ServiceDeps,
    wakeJobs: () => void,
    payments: PaymentService,
  ) {
    this.transfer = new TransferOffers(deps, wakeJobs, payments);
    this.discount = new DiscountOffers(deps);
    this.licence = new LicenceOffers(deps);
    this.equity = new EquityOffers(deps);
  }

  list(principal: Principal, listingId: string) {
    return offersOn(this.deps, principal, listingId);
  }

  /** The recorded valuations an equity proposal on this listing may rest on (the listing's visibility is checked by the caller). */
  valuations(listingId: string) {
    return listedValuations(this.deps.db, listingId);
  }

  /** The operator's queue of bank-transfer deposits to confirm. */
  pendingDeposits() {
    return pendingDeposits(this.deps.db, this.deps.now());
  }
}
