import Koa from 'koa';
import { avatarMiddleware } from './api/avatar-routes.js';
import { qrCodeMiddleware } from './api/qrcode-routes.js';
import { cgiMiddleware } from './api/cgi-middleware.js';
import { apiRoutes } from './api/routes/index.js';
import { uploadedImageMiddleware } from './api/routes/media.routes.js';
import { controlRouter } from './control/control-routes.js';
import type { SimController } from './control/controller.js';
import { FINANCE_PREFIX, financeMiddleware } from './finance/finance-routes.js';
import type { Sim } from './sim.js';

/** Builds the Koa app without listening, so tests can also drive it in-process. */
export function buildApp(sim: Sim, control: SimController): Koa {
  const app = new Koa();
  // Behind a proxy in the demo, the caller's IP ("from ip" in errmsg) comes from X-Forwarded-For.
  app.proxy = true;
  app.use(async (ctx, next) => {
    try {
      await next();
    } finally {
      // Reads change nothing (a due transfer settling on one marks the change itself); every write may. The
      // Finance SDK's POSTs are reads too: the puller asks every 30 s, and a key version it fixes marks itself.
      const reads = ctx.method === 'GET' || ctx.path.startsWith(FINANCE_PREFIX);
      if (!reads || ctx.path === '/cgi-bin/gettoken') sim.changed();
    }
  });
  app.use(cgiMiddleware(sim, apiRoutes));
  app.use(financeMiddleware(sim));
  app.use(avatarMiddleware(sim));
  app.use(qrCodeMiddleware(sim));
  app.use(uploadedImageMiddleware(sim));
  const router = controlRouter(sim, control);
  app.use(router.routes()).use(router.allowedMethods());
  app.on('error', (err: unknown) => {
    const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
    // Sockets that the caller (or a drop fault) closed are not simulator bugs.
    if (code === 'ECONNRESET' || code === 'EPIPE') return;
    console.error('[wecom-sim]', err);
  });
  return app;
}
