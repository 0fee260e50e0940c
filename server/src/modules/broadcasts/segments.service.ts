import {
  type AudienceFilter,
  audienceFilterSchema,
  type AudienceCount,
  type AudienceCountRequest,
  type Segment,
  type SegmentInput,
} from '@keeper/shared';
import { notFound } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { CustomerAudience } from '../customers/customer-audience';
import type { ScopeService } from '../org/scope.service';
import { audienceScopeOf, requireAudienceInScope } from './audience-scope';
import type { SegmentEntity } from './broadcast.entity';
import type { SegmentsRepository } from './segments.repository';

type Viewer = Pick<AuthUser, 'username' | 'scope'>;

/**
 * Saved audiences and the live count. A segment keeps the departments of whoever saved it: only viewers whose
 * scope covers those departments see, change or delete it (a corp-wide one, none: corp-wide viewers only).
 * Counts are always cut to the viewer's own scope.
 */
export class SegmentsService {
  constructor(
    private readonly repository: SegmentsRepository,
    private readonly audience: CustomerAudience,
    private readonly scopes: ScopeService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The live count of the audience builder, as the viewer may reach it. */
  async count(request: AudienceCountRequest, viewer: Viewer): Promise<AudienceCount> {
    await requireAudienceInScope(this.scopes, viewer, request.filter);
    const started = performance.now();
    const counts = await this.audience.count(request.filter, request.ownerPolicy, audienceScopeOf(viewer));
    return { ...counts, tookMs: Math.round(performance.now() - started) };
  }

  async list(viewer: Viewer): Promise<Segment[]> {
    const covered = await this.scopes.departmentsFor(viewer);
    return (await this.repository.list())
      .filter((segment) => covers(covered, segment.scopeDepartments))
      .map(present);
  }

  async create(input: SegmentInput, viewer: Viewer): Promise<Segment> {
    const id = await this.repository.insert({
      ...(await this.valuesOf(input, viewer)),
      scopeDepartments: viewer.scope.all ? null : [...viewer.scope.departmentIds],
      createdBy: viewer.username,
    });
    return this.get(id, viewer);
  }

  /** Saves a new filter and its count; the segment keeps the departments it was first saved with. */
  async update(id: number, input: SegmentInput, viewer: Viewer): Promise<Segment> {
    await this.visible(id, viewer);
    await this.repository.update(id, await this.valuesOf(input, viewer));
    return this.get(id, viewer);
  }

  /** A segment's filter, for a campaign started from it (404 when the viewer may not use the segment). */
  async filterOf(id: string, viewer: Viewer): Promise<AudienceFilter> {
    const numeric = Number(id);
    if (!Number.isSafeInteger(numeric)) throw notFound('Segment');
    return (await this.visible(numeric, viewer)).filter;
  }

  async remove(id: number, viewer: Viewer): Promise<void> {
    await this.visible(id, viewer);
    await this.repository.remove(id);
  }

  private async get(id: number, viewer: Viewer): Promise<Segment> {
    return present(await this.visible(id, viewer));
  }

  /** The segment if the viewer may see it; otherwise it does not exist for them. */
  private async visible(id: number, viewer: Viewer): Promise<SegmentEntity> {
    const segment = await this.repository.find(id);
    if (!segment || !covers(await this.scopes.departmentsFor(viewer), segment.scopeDepartments))
      throw notFound('Segment');
    return segment;
  }

  private async valuesOf(input: SegmentInput, viewer: Viewer) {
    await requireAudienceInScope(this.scopes, viewer, input.filter);
    // Who sends does not change how many: the cheapest policy does.
    const { customers } = await this.audience.count(
      input.filter,
      { policy: 'first_owner' },
      audienceScopeOf(viewer),
      this.now(),
    );
    return { name: input.name, description: input.description, filter: input.filter, lastCount: customers };
  }
}

/** Whether a viewer covering `covered` may use a segment saved with `departments` (null: corp-wide). */
function covers(covered: 'all' | string[], departments: string[] | null): boolean {
  if (covered === 'all') return true;
  return departments !== null && departments.length > 0 && departments.every((id) => covered.includes(id));
}

function present(segment: SegmentEntity): Segment {
  return {
    id: String(segment.id),
    name: segment.name,
    description: segment.description,
    // Parsed again: a filter saved before a field existed gets its default.
    filter: audienceFilterSchema.parse(segment.filter),
    lastCount: segment.lastCount,
    createdBy: segment.createdBy,
    updatedAt: segment.updatedAt.toISOString(),
  };
}
