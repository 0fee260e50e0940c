import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
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

/** Whether an `Authorization` header carries the metrics bearer token (compared in constant time). */
export function carriesMetricsToken(authorization: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!presented) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

/**
 * The metrics listener of its own (METRICS_PORT): only `GET /metrics`, no token, meant to be bound to
 * 127.0.0.1 where only the host's Prometheus agent reaches it.
 */
export function createMetricsServer(registry: Registry): http.Server {
  return http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Metrics failed\n'),
    );
  });
}
