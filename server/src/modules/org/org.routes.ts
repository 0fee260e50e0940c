import Router from '@koa/router';
import { memberListQuerySchema, Permission, SyncTrigger } from '@keeper/shared';
import { actorOf, type KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import { requirePermission } from '../../http/auth.middleware';
import type { OrgSyncService } from './org-sync.service';
import type { OrgService } from './org.service';

export function orgRoutes(org: OrgService, sync: OrgSyncService): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api/org' });

  router.get('/overview', requirePermission(Permission.OrgRead), async (ctx) => {
    ctx.body = await org.overview(actorOf(ctx).user);
  });

  router.get('/members', requirePermission(Permission.OrgRead), async (ctx) => {
    ctx.body = await org.members(parseInput(memberListQuerySchema, ctx.query), actorOf(ctx));
  });

  router.post('/sync', requirePermission(Permission.OrgSync), async (ctx) => {
    const runId = await sync.start(SyncTrigger.Manual, actorOf(ctx).user);
    ctx.status = 202;
    ctx.body = { runId };
  });

  return router;
}
