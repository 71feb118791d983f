import { EventEmitter } from "node:events";

/** What services announce after commit; the realtime gateway (and later the outbox) listens. */
export type DomainEvents = {
  "credentials:revoked": { userId: string; sessionIds: string[]; tokenIds: string[] };
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
