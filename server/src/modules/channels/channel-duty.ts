import type { WeComClient } from '@keeper/bot';
import { CoalescingRunner } from '../../jobs/coalescing-runner';
import type { JobLocks } from '../../jobs/job-lock';
import type { Logger } from '../../logger';
import type { CustomerDirectory } from '../customers/customer-directory.service';
import type { ChannelCodeEntity } from './channel.entity';
import type { ChannelsRepository } from './channels.repository';
import { onDutyNow, sameMembers, shanghaiTime } from './duty';

const LOCK = 'channel-duty';
const LEASE_MS = 60_000;
export const DUTY_INTERVAL_MS = 60_000;

/**
 * Keeps each code's members in WeCom as its shifts, caps and backups say: every minute (one process at a time,
 * under a lease) and right after each add through a code. WeCom is told only when the list changed.
 */
export class ChannelDuty {
  private readonly runner: CoalescingRunner;
  /** One re-evaluation of a code at a time in this process. */
  private readonly chains = new Map<number, Promise<void>>();

  constructor(
    private readonly deps: {
      repository: ChannelsRepository;
      customers: CustomerDirectory;
      client: WeComClient | undefined;
      locks: JobLocks;
      logger: Logger;
      now: () => Date;
    },
  ) {
    this.runner = new CoalescingRunner(
      () => this.deps.locks.runExclusive(LOCK, LEASE_MS, () => this.refreshAll()),
      (error) => this.deps.logger.error({ err: error }, 'channel duty pass failed'),
    );
  }

  schedule(intervalMs = DUTY_INTERVAL_MS): void {
    this.runner.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  /** Who a code should ring now. */
  async onDuty(
    code: Pick<
      ChannelCodeEntity,
      'state' | 'memberIds' | 'shifts' | 'dailyCap' | 'backupMemberIds' | 'enabled'
    >,
  ): Promise<string[]> {
    const now = this.deps.now();
    const adds =
      code.dailyCap === null || !code.enabled
        ? new Map<string, number>()
        : await this.deps.customers.channelAddsSince(code.state, shanghaiTime(now).dayStart);
    return onDutyNow(code, now, adds);
  }

  async refreshAll(): Promise<void> {
    for (const code of await this.deps.repository.live()) {
      try {
        await this.refresh(code.id);
      } catch (error) {
        this.deps.logger.warn({ err: error, channelId: code.id }, 'channel duty update failed');
      }
    }
  }

  /** Re-evaluates one code (after an add through it, or on the timer); tells WeCom only of a change. */
  refresh(id: number): Promise<void> {
    const previous = this.chains.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.refreshNow(id));
    this.chains.set(id, next);
    void next
      .finally(() => {
        if (this.chains.get(id) === next) this.chains.delete(id);
      })
      .catch(() => undefined);
    return next;
  }

  private async refreshNow(id: number): Promise<void> {
    const code = await this.deps.repository.find(id);
    if (!code?.configId || !this.deps.client) return;
    const onDuty = await this.onDuty(code);
    if (sameMembers(onDuty, code.onDuty)) return;
    await this.deps.client.updateContactWay({ config_id: code.configId, user: onDuty });
    await this.deps.repository.update(id, { onDuty });
    this.deps.logger.info({ channelId: id, onDuty }, 'channel code now rings other members');
  }
}
