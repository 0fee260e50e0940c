import Router from '@koa/router';
import { AccessAction, accessAuditQuerySchema, Permission } from '@keeper/shared';
import { actorOf, type KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import { requirePermission } from '../../http/auth.middleware';
import type { AccessAuditService } from './access-audit.service';

export function accessAuditRoutes(audit: AccessAuditService): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api/access-audit' });
  router.get('/', requirePermission(Permission.AccessAuditRead), async (ctx) => {
    const query = parseInput(accessAuditQuerySchema, ctx.query);
    ctx.body = await audit.list(query);
    // Reading the log is itself recorded, so nobody can study it unseen.
    await audit.record(actorOf(ctx), { action: AccessAction.AccessAuditList, detail: { ...query } });
  });
  return router;
}
