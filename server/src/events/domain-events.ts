import { EventEmitter } from 'node:events';

/**
 * What happened in Keeper's domain, published after the transaction that made it true has committed.
 * socket.io and the bot listen here; handlers never talk to them directly.
 */
export interface DomainEventMap {
  'org.synced': { runId: number; trigger: string; status: 'succeeded' | 'failed' };
  'org.member_departed': { userId: string; name: string; departedAt: string };
  'inbox.parked': { id: string; eventType: string; error: string };
  'alert.created': { alertId: string; userId: string };
  'customer.changed': { externalUserId: string };
  'violation.created': { violationId: string; memberId: string };
  'archive.pulled': { inserted: number; parked: boolean };
  'archive.conversation_grew': { conversationId: string };
  /** Keeper opened a handover case for a departure. */
  'handover.opened': { caseId: string; handoverUserId: string };
  /** Items of a case changed state (planned, sent, answered, completed, refused). */
  'handover.progress': { caseId: string; handoverUserId: string };
  /** The case's status and totals were recounted after a change: what the console and the bot tell. */
  'handover.updated': { caseId: string; handoverUserId: string };
  /** Customers went out to a receiver and will join them at `takeoverAt` unless they refuse. */
  'handover.sent': {
    caseId: string;
    handoverUserId: string;
    takeoverUserId: string;
    count: number;
    takeoverAt: string;
  };
  /** A campaign changed: started, a task submitted, results pulled, reminded, finished. */
  'broadcast.progress': { campaignId: string };
  /** A campaign waits for a manager's approval. */
  'broadcast.approval_requested': { campaignId: string };
  'customers.sync_progress': {
    runId: number;
    phase: 'tags' | 'customers' | 'groups' | 'done';
    processed: number;
    total: number;
  };
}
export type DomainEventName = keyof DomainEventMap;
export interface DomainEvent<N extends DomainEventName = DomainEventName> {
  name: N;
  payload: DomainEventMap[N];
}

export class DomainEvents {
  private readonly emitter = new EventEmitter();

  publish<N extends DomainEventName>(name: N, payload: DomainEventMap[N]): void {
    this.emitter.emit(name, payload);
  }

  on<N extends DomainEventName>(name: N, listener: (payload: DomainEventMap[N]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
