import { AccessAuditEntity } from '../modules/access-audit/access-audit.entity';
import { SessionEntity } from '../modules/auth/session.entity';
import { UserEntity, UserRoleEntity, UserScopeEntity } from '../modules/users/user.entity';

/** Every entity Keeper persists. The migrations of both dialects must produce exactly this schema. */
export const entities = [UserEntity, UserRoleEntity, UserScopeEntity, SessionEntity, AccessAuditEntity];
