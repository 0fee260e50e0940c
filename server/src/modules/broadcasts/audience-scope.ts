import type { AudienceFilter } from '@keeper/shared';
import { forbidden } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { AudienceScope } from '../customers/customer-audience';
import type { ScopeService } from '../org/scope.service';

type Viewer = Pick<AuthUser, 'scope'>;

/** Whose customers a viewer's audiences may reach: their departments (the audience adds the sub-trees), or all. */
export function audienceScopeOf(viewer: Viewer): AudienceScope {
  return viewer.scope.all ? 'all' : viewer.scope.departmentIds;
}

/**
 * Refuses a filter that names owners (members or departments) outside the viewer's scope: a marketer targets
 * only customers in their departments, and would otherwise get a silent zero. Included customers outside the
 * scope need no refusal: the audience never reaches them.
 */
export async function requireAudienceInScope(
  scopes: ScopeService,
  viewer: Viewer,
  filter: Pick<AudienceFilter, 'ownerIds' | 'ownerDepartmentIds'>,
): Promise<void> {
  if (viewer.scope.all) return;
  const owners = [...new Set(filter.ownerIds)];
  if (owners.length > 0 && (await scopes.membersInScope(viewer, owners)).size < owners.length)
    throw forbidden('The audience names owners outside your departments');
  if (
    filter.ownerDepartmentIds.length > 0 &&
    !(await scopes.coversDepartments(viewer, filter.ownerDepartmentIds))
  )
    throw forbidden('The audience names departments outside your scope');
}
