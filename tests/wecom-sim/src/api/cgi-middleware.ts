import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, Middleware } from 'koa';
import type { Sim } from '../sim.js';
import { WecomError, errorBody } from './errors.js';
import type { LostAnswerMode } from './faults.js';
import { Params } from './params.js';
import { readJsonBody } from './read-body.js';
import { readMultipart, type UploadedFile } from './read-multipart.js';
import type { ApiContext, ApiRoute } from './route.js';
import { appAllows, type AppIdentity } from './tokens.js';

const PREFIX = '/cgi-bin/';

export function clientIp(ctx: Context): string {
  return (ctx.ip || ctx.req.socket.remoteAddress || '').replace(/^::ffff:/, '');
}

function authenticate(sim: Sim, route: ApiRoute, query: Params, body: Params): AppIdentity {
  // WeCom reads the token from the query string only; a body token is as good as none.
  const token = query.optStr('access_token');
  if (!token)
    throw new WecomError(
      41001,
      body.has('access_token') ? 'access_token must be in the query string' : undefined,
    );
  const found = sim.tokens.lookup(token);
  if (!found.ok) throw new WecomError(found.errcode);
  if (route.scope !== 'public' && !appAllows(found.app, route.scope)) {
    throw new WecomError(48002, `this secret may not call ${route.path}`);
  }
  return found.app;
}

function checkCorpSwitches(sim: Sim, route: ApiRoute): void {
  const c = sim.faults.connection;
  if (c.contactAppNotListed && route.path.startsWith('externalcontact/')) {
    throw new WecomError(48002, 'app is not in the customer contact app list');
  }
  if (c.archiveNotEnabled && route.path.startsWith('msgaudit/')) throw new WecomError(301053);
}

function checkRate(sim: Sim, route: ApiRoute): void {
  const l = sim.config.limits;
  const own = l.perPath[route.path] ?? l.perPath[PREFIX + route.path] ?? {};
  const ok = sim.limiter.hit(`api:${route.path}`, [
    [60, own.perMinute ?? l.perApiPerMinute],
    [3600, own.perHour ?? l.perApiPerHour],
  ]);
  if (!ok) throw new WecomError(45009);
}

/** What a request carried: a JSON body, or (for uploads) the multipart's file. */
interface RequestBody {
  json: Record<string, unknown>;
  upload?: UploadedFile;
}

async function answer(
  sim: Sim,
  route: ApiRoute,
  ctx: Context,
  ip: string,
  bodyRead: Promise<RequestBody> | undefined,
): Promise<Record<string, unknown>> {
  const injected = sim.faults.takeError(route.path);
  if (injected !== undefined) throw new WecomError(injected, 'injected by the simulator');
  if (sim.faults.connection.ipNotTrusted) throw new WecomError(60020);
  if (ctx.method !== route.method) throw new WecomError(40058, `${route.path} requires ${route.method}`);
  const query = new Params(ctx.query as Record<string, unknown>);
  const read = await bodyRead;
  const body = new Params(read?.json ?? {});
  const api: ApiContext = { sim, query, body, ip, ...(read?.upload ? { upload: read.upload } : {}) };
  if (route.scope !== 'public') {
    api.app = authenticate(sim, route, query, body);
    checkCorpSwitches(sim, route);
  }
  checkRate(sim, route);
  // Counted once past the token check: a call refused for an expired token is repeated with a new one.
  sim.apiCalls.set(route.path, (sim.apiCalls.get(route.path) ?? 0) + 1);
  sim.tick();
  const result = await route.handle(api);
  return { errcode: 0, errmsg: 'ok', ...result };
}

/** Serves `/cgi-bin/*` like WeCom: every business error is HTTP 200 with errcode and errmsg. */
export function cgiMiddleware(sim: Sim, routes: readonly ApiRoute[]): Middleware {
  const table = new Map(routes.map((r) => [r.path, r]));
  return async (ctx, next) => {
    if (!ctx.path.startsWith(PREFIX)) return next();
    const route = table.get(ctx.path.slice(PREFIX.length));
    if (!route) {
      ctx.status = 404;
      ctx.body = 'Not Found';
      return;
    }
    // The request is read at once, as WeCom does: a slow answer is slow work, which happens even when the
    // caller stops waiting for it (errors in the body are still answered in WeCom's order, below).
    const bodyRead: Promise<RequestBody> | undefined =
      ctx.method !== 'POST' || route.method !== 'POST'
        ? undefined
        : route.body === 'multipart'
          ? readMultipart(ctx.req).then((upload) => ({ json: {}, ...(upload ? { upload } : {}) }))
          : readJsonBody(ctx.req).then((json) => ({ json }));
    bodyRead?.catch(() => undefined);
    const delay = sim.faults.takeDelay(route.path);
    if (delay.ms > 0 && !delay.lateAnswer) await sleep(delay.ms);
    if (sim.faults.takeDrop(route.path)) {
      // The caller sees a reset connection and no answer at all.
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    const lost = sim.faults.takeLostAnswer(route.path);
    const ip = clientIp(ctx);
    ctx.status = 200;
    ctx.type = 'application/json; charset=UTF-8';
    try {
      const answered = await answer(sim, route, ctx, ip, bodyRead);
      const file = route.file ? (answered.file as UploadedFile | undefined) : undefined;
      if (file) {
        // media/get answers with the file itself; its errors stay JSON.
        ctx.type = file.contentType;
        ctx.set('Content-Disposition', `attachment; filename="${encodeURIComponent(file.filename)}"`);
        ctx.body = file.bytes;
      } else ctx.body = answered;
    } catch (err) {
      if (err instanceof WecomError) {
        ctx.body = { ...errorBody(err.errcode, ip, err.detail), ...err.extra };
      } else {
        // A bug in the simulator: WeCom's answer to its own failures is "system busy", but say why on stderr.
        console.error('[wecom-sim] handler failed', route.path, err);
        ctx.body = errorBody(-1, ip, err instanceof Error ? err.message : String(err));
      }
    }
    // The answer is made; it reaches the caller late, showing the corp as it was when the call came in.
    if (delay.ms > 0 && delay.lateAnswer) await sleep(delay.ms);
    if (lost) loseAnswer(ctx, lost);
  };
}

/** WeCom did the work; the answer never reaches the caller. */
function loseAnswer(ctx: Context, mode: LostAnswerMode): void {
  ctx.respond = false;
  // `hang` leaves the socket open without a byte: the caller times out (closing the simulator ends it).
  if (mode === 'reset') ctx.req.socket.destroy();
}
