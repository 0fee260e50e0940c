import type { Middleware } from 'koa';
import { avatarSvg, parseAvatarPath } from '../corp/avatars.js';
import type { Sim } from '../sim.js';

/** Serves the avatars the API's `avatar` fields point at, as WeCom's CDN does (no access token). */
export function avatarMiddleware(sim: Sim): Middleware {
  return async (ctx, next) => {
    const avatar = ctx.method === 'GET' ? parseAvatarPath(ctx.path) : undefined;
    if (!avatar) return next();
    const person =
      avatar.kind === 'staff'
        ? sim.state.directory.staff.get(avatar.id)
        : sim.state.customers.customers.get(avatar.id);
    if (!person) {
      ctx.status = 404;
      return;
    }
    ctx.type = 'image/svg+xml';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = avatarSvg(avatar.id, person.name);
  };
}
