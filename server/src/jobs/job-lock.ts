import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { LessThan, type DataSource, type Repository } from 'typeorm';
import { JobLockEntity } from './job-lock.entity';

/**
 * Named leases in the database so that one process at a time runs a job. A holder that dies stops renewing
 * and its lease runs out; nothing needs cleaning up by hand.
 */
export class JobLocks {
  readonly holder = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
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
    try {
      await this.locks.insert({ name, holder: this.holder, expiresAt });
      return true;
    } catch {
      return false; // someone else holds it
    }
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
