import Router from '@koa/router';
import { inboxQuerySchema, inboxRetrySchema, Permission } from '@keeper/shared';
import type { KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import { requirePermission } from '../../http/auth.middleware';
import type { InboxDispatcher } from './inbox.dispatcher';
import type { InboxService } from './inbox.service';

/** The admin view of the callback inbox: counts, parked events with their error, and a retry. */
export function inboxRoutes(
  inbox: InboxService | undefined,
  dispatcher: InboxDispatcher | undefined,
): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api/wecom/inbox' });
  router.use(requirePermission(Permission.WeComAdmin));

  router.get('/', async (ctx) => {
    const query = parseInput(inboxQuerySchema, ctx.query);
    ctx.body = inbox
      ? await inbox.list(query)
      : { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  });

  router.get('/counts', async (ctx) => {
    ctx.body = inbox ? await inbox.counts() : { pending: 0, done: 0, parked: 0 };
  });

  router.post('/retry', async (ctx) => {
    const { ids } = parseInput(inboxRetrySchema, ctx.request.body);
    const requeued = inbox ? await inbox.retry(ids) : 0;
    dispatcher?.nudge();
    ctx.body = { requeued };
  });

  return router;
}
