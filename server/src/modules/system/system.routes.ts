import Router from '@koa/router';
import type { Registry } from 'prom-client';
import type { KeeperState } from '../../http/context';
import { requireAuth } from '../../http/auth.middleware';
import type { SystemService } from './system.service';

export function systemRoutes(system: SystemService, metrics: Registry): Router<KeeperState> {
  const router = new Router<KeeperState>();

  router.get('/healthz', async (ctx) => {
    const health = await system.health();
    ctx.status = health.status === 'ok' ? 200 : 503;
    ctx.body = health;
  });

  router.get('/metrics', async (ctx) => {
    ctx.type = metrics.contentType;
    ctx.body = await metrics.metrics();
  });

  router.get('/api/system/status', requireAuth(), async (ctx) => {
    ctx.body = await system.status();
  });

  return router;
}
