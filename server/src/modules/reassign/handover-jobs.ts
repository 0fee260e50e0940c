import type { DomainEvents } from '../../events/domain-events';
import { CoalescingRunner } from '../../jobs/coalescing-runner';
import type { Logger } from '../../logger';
import type { Departures } from './departures';
import type { TransferEngine } from './transfer-engine';

/** How often the departures sweep looks for departures without a case (callbacks can be lost). */
const SWEEP_MS = 10 * 60_000;

/**
 * The background side of handovers in a process that runs jobs: a case opened as soon as Keeper hears of a
 * departure, a sweep at start and every few minutes for departures it did not hear of, and the engine.
 */
export class HandoverJobs {
  private readonly sweeper = new CoalescingRunner(
    () => this.deps.departures.sweep().then(() => undefined),
    (error) => this.deps.logger.warn({ err: error }, 'departures sweep failed'),
  );
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly deps: {
      departures: Departures;
      engine: TransferEngine;
      domainEvents: DomainEvents;
      logger: Logger;
    },
  ) {}

  schedule(): void {
    this.watchDepartures();
    this.deps.engine.schedule();
  }

  /** Opens cases as departures become known, and sweeps for missed ones every `sweepMs`. */
  watchDepartures(sweepMs = SWEEP_MS): void {
    this.unsubscribe ??= this.deps.domainEvents.on('org.member_departed', () => this.sweeper.nudge());
    this.sweeper.start(sweepMs);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.sweeper.stop();
    await this.deps.engine.stop();
  }
}
