import { LessThan, type DataSource, type Repository } from 'typeorm';
import { JobLockEntity } from './job-lock.entity';
import { isDeadLocalHolder, newHolderId } from './process-identity';

/**
 * Named leases in the database so that one process at a time runs a job. A holder that dies stops renewing
 * and its lease runs out; nothing needs cleaning up by hand.
 */
export class JobLocks {
  readonly holder = newHolderId();
  private readonly locks: Repository<JobLockEntity>;

  constructor(dataSource: DataSource) {
    this.locks = dataSource.getRepository(JobLockEntity);
  }

  /** True when this process now holds the lease (freshly taken, renewed, or taken over from an expired one). */
  async tryAcquire(name: string, leaseMs: number): Promise<boolean> {
    const expiresAt = new Date(Date.now() + leaseMs);
    const renewed = await this.locks.update({ name, holder: this.holder }, { expiresAt });
    if (renewed.affected) return true;
    const takenOver = await this.locks.update(
      { name, expiresAt: LessThan(new Date()) },
      { holder: this.holder, expiresAt },
    );
    if (takenOver.affected) return true;
    if (await this.takeOverFromDeadLocalHolder(name, expiresAt)) return true;
    try {
      await this.locks.insert({ name, holder: this.holder, expiresAt });
      return true;
    } catch {
      return false; // someone else holds it
    }
  }

  /**
   * A holder on this host whose process is gone (killed, crashed) cannot renew, but its lease would still
   * block a restarted Keeper until it runs out. Same host and a dead pid: take it over at once.
   */
  private async takeOverFromDeadLocalHolder(name: string, expiresAt: Date): Promise<boolean> {
    const current = await this.locks.findOneBy({ name });
    if (!current || !isDeadLocalHolder(current.holder)) return false;
    const result = await this.locks.update(
      { name, holder: current.holder },
      { holder: this.holder, expiresAt },
    );
    return result.affected === 1;
  }

  async release(name: string): Promise<void> {
    await this.locks.delete({ name, holder: this.holder });
  }

  /** Runs `work` under the lease, renewing it meanwhile; null when another process holds it. */
  async runExclusive<T>(name: string, leaseMs: number, work: () => Promise<T>): Promise<T | null> {
    if (!(await this.tryAcquire(name, leaseMs))) return null;
    const renew = setInterval(() => void this.tryAcquire(name, leaseMs).catch(() => undefined), leaseMs / 3);
    try {
      return await work();
    } finally {
      clearInterval(renew);
      await this.release(name);
    }
  }
}
