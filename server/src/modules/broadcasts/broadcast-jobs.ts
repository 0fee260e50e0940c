import type { MaterialMedia } from '../materials/material-media';
import type { CampaignsRepository } from './campaigns.repository';
import type { SubmissionEngine } from './submission-engine';

/** The schedules of mass reachout: the engine (submissions, results, deadlines) and keeping media fresh. */
export class BroadcastJobs {
  constructor(
    private readonly deps: {
      engine: SubmissionEngine;
      media: MaterialMedia;
      repository: CampaignsRepository;
    },
  ) {}

  schedule(): void {
    this.deps.engine.schedule();
    // Media of campaigns that will still send is uploaded again before WeCom's three days run out.
    this.deps.media.schedule(() => this.deps.repository.materialsInUse());
  }

  async stop(): Promise<void> {
    await this.deps.engine.stop();
    await this.deps.media.stop();
  }
}
