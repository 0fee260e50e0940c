import { Permission } from '@keeper/shared';
import { forbidden, notFound } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { ScopeService } from '../org/scope.service';
import type { CampaignEntity } from './broadcast.entity';
import type { AudienceScope } from './ports';

type Viewer = Pick<AuthUser, 'scope' | 'permissions'>;

/**
 * Who may see and act on a campaign. A campaign keeps the departments of the user who created it; it reaches no
 * customer outside them, and only users whose scope covers all of them (or corp-wide users, for a corp-wide
 * campaign) may read, approve or stop it.
 */
export class CampaignScope {
  constructor(private readonly scopes: ScopeService) {}

  /** The departments a new campaign or segment is held to: null for a corp-wide creator. */
  async recordFor(viewer: Viewer): Promise<string[] | null> {
    const departments = await this.scopes.departmentsFor(viewer);
    return departments === 'all' ? null : departments;
  }

  /** The audience scope of a campaign: exactly the creator's departments (sub-trees already expanded). */
  audienceScope(campaign: Pick<CampaignEntity, 'scopeDepartments'>): AudienceScope {
    return campaign.scopeDepartments ?? 'all';
  }

  async covers(viewer: Viewer, scopeDepartments: string[] | null): Promise<boolean> {
    return this.scopes.coversDepartments(viewer, scopeDepartments ?? []);
  }

  /** 404 for a campaign the viewer may not see: its existence is not told. */
  async requireVisible(viewer: Viewer, campaign: CampaignEntity | null): Promise<CampaignEntity> {
    if (!campaign || !(await this.covers(viewer, campaign.scopeDepartments))) throw notFound('Campaign');
    return campaign;
  }

  requirePermission(viewer: Viewer, permission: Permission): void {
    if (!viewer.permissions.has(permission)) throw forbidden();
  }
}
