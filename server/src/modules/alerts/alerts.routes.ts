import Router from '@koa/router';
import { alertQuerySchema, Permission, updateAlertSchema } from '@keeper/shared';
import { z } from 'zod';
import { actorOf, type KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import { requirePermission } from '../../http/auth.middleware';
import type { AlertsService } from './alerts.service';

const idParam = z.object({ id: z.string().regex(/^\d+$/) });

export function alertsRoutes(alerts: AlertsService): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api/alerts' });

  router.get('/', requirePermission(Permission.AlertsRead), async (ctx) => {
    ctx.body = await alerts.list(parseInput(alertQuerySchema, ctx.query), actorOf(ctx).user);
  });

  router.get('/counts', requirePermission(Permission.AlertsRead), async (ctx) => {
    ctx.body = { open: await alerts.countOpen(actorOf(ctx).user) };
  });

  router.patch('/:id', requirePermission(Permission.ViolationsHandle), async (ctx) => {
    const { id } = parseInput(idParam, ctx.params);
    ctx.body = await alerts.update(id, parseInput(updateAlertSchema, ctx.request.body), actorOf(ctx).user);
  });

  return router;
}
