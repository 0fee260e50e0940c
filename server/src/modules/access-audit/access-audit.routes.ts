import Router from '@koa/router';
import { accessAuditQuerySchema, Permission } from '@keeper/shared';
import { actorOf, type KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import { requirePermission } from '../../http/auth.middleware';
import type { AccessAuditService } from './access-audit.service';

export function accessAuditRoutes(audit: AccessAuditService): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api/access-audit' });
  router.get('/', requirePermission(Permission.AccessAuditRead), async (ctx) => {
    ctx.body = await audit.list(parseInput(accessAuditQuerySchema, ctx.query), actorOf(ctx));
  });
  return router;
}
