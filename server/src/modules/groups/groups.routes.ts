import Router from '@koa/router';
import { customerGroupQuerySchema, Permission } from '@keeper/shared';
import { z } from 'zod';
import { actorOf, type KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import { requirePermission } from '../../http/auth.middleware';
import type { GroupsService } from './groups.service';

const chatIdParam = z.object({ chatId: z.string().min(1).max(64) });

export function groupsRoutes(groups: GroupsService): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api/customer-groups' });
  router.use(requirePermission(Permission.CustomersRead));
  router.get('/', async (ctx) => {
    ctx.body = await groups.list(parseInput(customerGroupQuerySchema, ctx.query), actorOf(ctx).user);
  });
  router.get('/:chatId', async (ctx) => {
    ctx.body = await groups.detail(parseInput(chatIdParam, ctx.params).chatId, actorOf(ctx).user);
  });
  return router;
}
