import Router from '@koa/router';
import { ErrorCode } from '@keeper/shared';
import type { Registry } from 'prom-client';
import { AppError, notFound } from '../../http/app-error';
import type { KeeperState } from '../../http/context';
import { requireAuth } from '../../http/auth.middleware';
import { carriesMetricsToken } from '../../http/metrics';
import type { SystemService } from './system.service';

/**
 * `/metrics` on the public port (where WeCom's callbacks arrive) only for the configured bearer token; without
 * one it is not served here at all (METRICS_PORT serves it on a local listener instead).
 */
export function systemRoutes(
  system: SystemService,
  metrics: { registry: Registry; token: string | undefined },
): Router<KeeperState> {
  const router = new Router<KeeperState>();

  router.get('/healthz', async (ctx) => {
    const health = await system.health();
    ctx.status = health.status === 'ok' ? 200 : 503;
    ctx.body = health;
  });

  router.get('/metrics', async (ctx) => {
    if (!metrics.token) throw notFound('Metrics');
    if (!carriesMetricsToken(ctx.get('authorization'), metrics.token)) {
      throw new AppError(ErrorCode.Unauthenticated, 'Metrics need the bearer token (METRICS_TOKEN)', {
        headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
      });
    }
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });

  router.get('/api/system/status', requireAuth(), async (ctx) => {
    ctx.body = await system.status();
  });

  return router;
}
