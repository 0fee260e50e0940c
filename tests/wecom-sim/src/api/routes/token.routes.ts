import { WecomError } from '../errors.js';
import type { ApiRoute } from '../route.js';

export const tokenRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: 'gettoken',
    scope: 'public',
    handle({ sim, query }) {
      const corpId = query.str('corpid', 41002);
      const secret = query.str('corpsecret', 41004);
      if (corpId !== sim.config.corpId) throw new WecomError(40013);
      const app = sim.tokens.app(secret);
      if (!app) throw new WecomError(40001);
      const rejected = sim.faults.connection.rejectedSecrets;
      if ([...app.roles].some((r) => rejected.includes(r))) throw new WecomError(40001);
      const { token, expiresIn } = sim.tokens.issue(secret);
      return { access_token: token, expires_in: expiresIn };
    },
  },
];
