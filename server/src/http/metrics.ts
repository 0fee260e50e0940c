import type { Middleware } from 'koa';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  middleware: Middleware;
}

/** Prometheus metrics: the process defaults plus request durations labelled by route, not by raw path. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'keeper_' });
  const duration = new Histogram({
    name: 'keeper_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const middleware: Middleware = async (ctx, next) => {
    const stop = duration.startTimer();
    try {
      await next();
    } finally {
      const route =
        typeof ctx._matchedRoute === 'string'
          ? ctx._matchedRoute
          : ctx.path.startsWith('/api')
            ? 'unmatched'
            : 'static';
      stop({ method: ctx.method, route, status: String(ctx.status) });
    }
  };
  return { registry, middleware };
}
