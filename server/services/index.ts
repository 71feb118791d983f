import { sql } from "drizzle-orm";
import { AccountService } from "./accounts";
import { ApiTokenService } from "./api-tokens";
import { AuditTrailService } from "./audit-trail";
import { Guard } from "./auth/guard";
import { LoginService } from "./auth/login";
import { SessionService } from "./auth/sessions";
import type { ServiceDeps } from "./context";
import { BidService } from "./bidding/bid-service";
import { AssetService } from "./collateral/assets";
import { DisposalCaseService } from "./collateral/disposal-cases";
import { DepositService } from "./bidding/deposits";
import { PaymentService } from "./payments/service";
import { CardBalanceService } from "./payments/card-balance";
import { PayoutService } from "./payments/payouts";
import { RefundService } from "./payments/refunds-service";
import { LoanService } from "./collateral/loans";
import { MonitorService } from "./collateral/monitor";
import { CatalogueService } from "./listings/catalogue";
import { DataRoomService } from "./listings/data-room";
import { EncumbranceService } from "./listings/encumbrances";
import { FollowingService } from "./listings/following";
import { ListingService } from "./listings/lifecycle";
import { OfferService } from "./listings/offers";
import { TenderService } from "./bidding/tender";
import { NotificationService } from "./notifications";
import { diskStorage } from "./storage";
import { UploadService } from "./uploads";
import { ImportService } from "./collateral/import/service";
import { CsrfService } from "./csrf";
import { MemberService } from "./members";
import { VerificationService } from "./verification";
import { RecoveryInputService } from "./recoveries/inputs";
import { SettlementService } from "./settlements/service";
import { RecoveryService } from "./recoveries/portfolio-service";
import { settlementBalanceReceived } from "./settlements/balance";
import { DistributionService } from "./recoveries/distribute-statements";
import { royaltyReceived } from "./recoveries/royalties";
import { RoyaltyService } from "./recoveries/royalties-service";
import { EquityRecoveryService } from "./recoveries/equity";

/** One instance of every service per process; pages, the API and sockets share them. */
export function buildServices(deps: ServiceDeps, hooks: { wakeJobs: () => void } = { wakeJobs: () => undefined }) {
  const monitor = new MonitorService(deps);
  const payments = new PaymentService(deps);
  const storage = diskStorage(deps.config.uploadsDir);
  // Each purpose's money lands with the service that owns it.
  payments.onReceived("balance", settlementBalanceReceived);
  payments.onReceived("royalty", royaltyReceived);
  return {
    monitor,
    notifications: new NotificationService(deps),
    listings: new ListingService(deps, hooks.wakeJobs),
    catalogue: new CatalogueService(deps),
    encumbrances: new EncumbranceService(deps),
    disposalCases: new DisposalCaseService(deps),
    recoveryInputs: new RecoveryInputService(deps),
    following: new FollowingService(deps),
    offers: new OfferService(deps, hooks.wakeJobs, payments),
    tenders: new TenderService(deps),
    deposits: new DepositService(deps, payments),
    payments,
    cardBalances: new CardBalanceService(deps, payments),
    payouts: new PayoutService(deps, payments.card),
    refunds: new RefundService(deps, payments.card),
    bids: new BidService(deps),
    settlements: new SettlementService(deps),
    distributions: new DistributionService(deps),
    recoveries: new RecoveryService(deps),
    royalties: new RoyaltyService(deps),
    equityRecoveries: new EquityRecoveryService(deps),
    loans: new LoanService(deps, monitor),
    assets: new AssetService(deps, monitor, storage),
    dataRoom: new DataRoomService(deps, storage),
    uploads: new UploadService(deps.config.uploads, storage),
    imports: new ImportService(deps, monitor, hooks.wakeJobs),
    guard: new Guard(deps),
    login: new LoginService(deps),
    sessions: new SessionService(deps),
    accounts: new AccountService(deps),
    members: new MemberService(deps),
    verification: new VerificationService(deps),
    apiTokens: new ApiTokenService(deps),
    csrf: new CsrfService(deps),
    audit: new AuditTrailService(deps),
    bus: deps.bus,
    config: { publicOrigin: deps.config.publicOrigin },
    ping: async () => {
      await deps.db.execute(sql`select 1`);
    },
  };
}

export type Services = ReturnType<typeof buildServices>;
