import { EventEmitter } from "node:events";

/** A lot's newest committed bid and state, as the room sees it (amounts in minor units, times ISO). */
export type LotBid = { lotId: string; seq: number; amount: number; bidderCode: string; placedAt: string; endsAt: string; minNextBid: number };
/** Organisations that lost the lead on a lot in one batch (one broadcast to all of them: the same news). */
export type BidOutbid = { organisationIds: string[]; lotId: string; amount: number; seq: number };

/** What services announce after commit; the realtime gateway (and later the outbox) listens. */
export type DomainEvents = {
  "credentials:revoked": { userId: string; sessionIds: string[]; tokenIds: string[] };
  /** These users' (or every member of these organisations') standing changed: role, membership, active organisation, verification. */
  "principal:changed": { userIds: string[]; organisationIds: string[] };
  "lot:bid": LotBid;
  "lot:closed": { lotId: string; outcome: "sold" | "unsold"; finalPrice: number | null; winnerCode: string | null };
  "bid:outbid": BidOutbid;
};

export class EventBus {
  private readonly emitter = new EventEmitter();

  publish<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }

  subscribe<K extends keyof DomainEvents>(name: K, listener: (payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
