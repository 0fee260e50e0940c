import type { SubmissionEngine } from './submission-engine';

/** The schedules of mass reachout: the engine (submissions, results, deadlines) and keeping media fresh. */
export class BroadcastJobs {
  constructor(
    private readonly deps: {
      engine: SubmissionEngine;
      media: { schedule(): void; stop(): Promise<void> | void };
    },
  ) {}

  schedule(): void {
    this.deps.engine.schedule();
    this.deps.media.schedule();
  }

  async stop(): Promise<void> {
    await this.deps.engine.stop();
    await this.deps.media.stop();
  }
}
