import type { DomainEvents } from '../../events/domain-events';
import type { Logger } from '../../logger';
import type { ReassignRepository } from './reassign.repository';

/**
 * Recounts a case's status after every change of its items, once that change has committed (callbacks change
 * items inside their own transaction, where a count would miss what commits beside it), then tells the console
 * and the bot. Refreshes of one case run one after the other.
 */
export function keepCaseStatus(deps: {
  domainEvents: DomainEvents;
  repository: ReassignRepository;
  logger: Logger;
  now: () => Date;
}): () => void {
  const queues = new Map<string, Promise<void>>();
  return deps.domainEvents.on('handover.progress', (progress) => {
    const previous = queues.get(progress.caseId) ?? Promise.resolve();
    const next = previous
      .then(() => deps.repository.refreshStatus(Number(progress.caseId), deps.now()))
      .then(() => deps.domainEvents.publish('handover.updated', progress))
      .catch((error: unknown) => deps.logger.warn({ err: error, ...progress }, 'case status refresh failed'))
      .finally(() => {
        if (queues.get(progress.caseId) === next) queues.delete(progress.caseId);
      });
    queues.set(progress.caseId, next);
  });
}
