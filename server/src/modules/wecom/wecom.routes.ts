import Router from '@koa/router';
import { Permission } from '@keeper/shared';
import type { KeeperState } from '../../http/context';
import { requirePermission } from '../../http/auth.middleware';
import type { ConnectionCheckService } from './connection-check.service';

export function wecomRoutes(checks: ConnectionCheckService): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api/wecom' });
  router.post('/checks', requirePermission(Permission.WeComAdmin), async (ctx) => {
    ctx.body = await checks.run();
  });
  return router;
}
