import { parseCallbackMessage } from '@keeper/bot';
import type { EntityManager } from 'typeorm';
import type { DomainEventName, DomainEvents, DomainEventMap } from '../../events/domain-events';
import { CoalescingRunner } from '../../jobs/coalescing-runner';
import { failureOf } from '../../jobs/failure';
import { newHolderId } from '../../jobs/process-identity';
import type { Logger } from '../../logger';
import type { EventHandlers } from './event-handlers';
import type { InboxRepository } from './inbox.repository';

export interface DispatcherOptions {
  /** Delay before each retry; once they are used up the event is parked. */
  retryDelaysMs: number[];
  pollIntervalMs: number;
  /**
   * How long a claimed row stays ours. Rows of a crashed dispatcher on this host come back at once; those of
   * one on another host after the lease.
   */
  leaseMs: number;
  batchSize: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  retryDelaysMs: [5_000, 30_000, 120_000, 600_000],
  pollIntervalMs: 1_000,
  leaseMs: 120_000,
  batchSize: 20,
};

/**
 * Works through the callback inbox: claims due rows, runs the handler for each event type with the row's
 * "done" mark in the same transaction, retries failures with backoff and parks what keeps failing.
 * Any number of processes may run one; the claim makes each row theirs alone.
 */
export class InboxDispatcher {
  private readonly holder = newHolderId();
  private readonly runner = new CoalescingRunner(
    () => this.drain(),
    (error) => this.logger.error({ err: error }, 'inbox pass failed'),
  );

  constructor(
    private readonly repository: InboxRepository,
    private readonly handlers: EventHandlers,
    private readonly domainEvents: DomainEvents,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions = DEFAULT_DISPATCHER_OPTIONS,
  ) {}

  start(): void {
    this.runner.start(this.options.pollIntervalMs);
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  /** Asks a started dispatcher for a pass soon (a callback just arrived). */
  nudge(): void {
    this.runner.nudge();
  }

  /** Handles everything due now; resolves when the inbox has nothing due. */
  async drain(): Promise<void> {
    // A callback that was being handled when its process died must not wait out the lease: a start-up sync
    // meanwhile would record the change with a vaguer cause than the callback's.
    await this.repository.releaseClaimsOfDeadProcesses();
    for (;;) {
      const due = await this.repository.findDue(this.options.batchSize);
      if (due.length === 0) return;
      for (const id of due) {
        if (await this.repository.claim(id, this.options.leaseMs, this.holder)) await this.process(id);
      }
    }
  }

  private async process(id: string): Promise<void> {
    const row = await this.repository.findById(id);
    if (!row) return;
    const attempts = row.attempts + 1;
    const published: { name: DomainEventName; payload: DomainEventMap[DomainEventName] }[] = [];
    let committed = false;
    const commit = async (work: (manager: EntityManager) => Promise<void>) => {
      await this.repository.transaction(async (manager) => {
        await work(manager);
        await this.repository.markDone(manager, id, attempts);
      });
      committed = true;
    };
    try {
      const event = parseCallbackMessage(row.rawXml);
      const handler = this.handlers.find(event.type);
      if (handler) {
        await handler(event, {
          commit,
          emit: (name, payload) => published.push({ name, payload }),
          receivedAt: row.receivedAt,
        });
      }
      if (!committed) await commit(async () => undefined);
      for (const { name, payload } of published) this.domainEvents.publish(name, payload);
    } catch (error) {
      const failure = failureOf(error);
      const delay = this.options.retryDelaysMs[attempts - 1];
      const nextAttemptAt = delay === undefined ? null : new Date(Date.now() + delay);
      await this.repository.markFailed(id, attempts, failure, nextAttemptAt);
      this.logger.warn(
        { inboxId: id, eventType: row.eventType, attempts, parked: !nextAttemptAt, err: error },
        'callback handler failed',
      );
      if (!nextAttemptAt)
        this.domainEvents.publish('inbox.parked', { id, eventType: row.eventType, error: failure.detail });
    }
  }
}
