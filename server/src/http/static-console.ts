import fs from 'node:fs';
import path from 'node:path';
import type { Context, Middleware } from 'koa';
import send from 'koa-send';

/** Path prefixes the server answers itself; everything else is the console's. */
const SERVER_PATHS = ['/api', '/socket.io', '/healthz', '/metrics'];

/**
 * Serves the built console on the same port as the API. Hashed assets are cached for a year; every other
 * path that is not an API path gets index.html, so the console's own router handles deep links.
 *
 * `alsoServer` claims single requests among the console's paths: the WeCom callback URL sits beside the
 * console's /wecom/... pages, so it claims only what WeCom sends there, never the whole prefix.
 */
export function staticConsole(root: string, alsoServer: (ctx: Context) => boolean = () => false): Middleware {
  const indexExists = fs.existsSync(path.join(root, 'index.html'));
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (SERVER_PATHS.some((prefix) => ctx.path === prefix || ctx.path.startsWith(`${prefix}/`)))
      return next();
    if (alsoServer(ctx)) return next();
    if (!indexExists) return next();
    if (ctx.path.startsWith('/assets/')) {
      try {
        await send(ctx, ctx.path, { root, immutable: true, maxage: 365 * 24 * 3_600_000 });
        return;
      } catch {
        return next();
      }
    }
    const file = path.join(root, path.normalize(ctx.path));
    const servesFile =
      ctx.path !== '/' && file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isFile();
    await send(ctx, servesFile ? ctx.path : '/index.html', { root });
    if (!servesFile) ctx.set('Cache-Control', 'no-cache');
  };
}
