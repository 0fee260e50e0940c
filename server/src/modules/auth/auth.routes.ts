import Router from '@koa/router';
import { loginRequestSchema } from '@keeper/shared';
import type { Config } from '../../config/config';
import type { KeeperState } from '../../http/context';
import { parseInput } from '../../http/validate';
import { requireAuth, SESSION_COOKIE } from '../../http/auth.middleware';
import { toMe, type AuthService } from './auth.service';
import type { SessionService } from './session.service';

export function authRoutes(auth: AuthService, sessions: SessionService, config: Config): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: '/api/auth' });
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.http.secureCookies,
    path: '/',
    overwrite: true,
  };

  router.post('/login', async (ctx) => {
    const input = parseInput(loginRequestSchema, ctx.request.body);
    const { me, session } = await auth.login(input, { ip: ctx.ip, userAgent: ctx.get('user-agent') });
    ctx.cookies.set(SESSION_COOKIE, session.token, { ...cookieOptions, expires: session.expiresAt });
    ctx.body = me;
  });

  router.post('/logout', requireAuth(), async (ctx) => {
    await sessions.destroy(ctx.state.auth!.sessionTokenHash);
    ctx.cookies.set(SESSION_COOKIE, null, cookieOptions);
    ctx.status = 204;
  });

  router.get('/me', requireAuth(), (ctx) => {
    const { user, csrfToken } = ctx.state.auth!;
    ctx.body = toMe(user, csrfToken);
  });

  return router;
}
