import { WecomError } from '../errors.js';
import type { ApiRoute } from '../route.js';

export const authRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: 'auth/getuserinfo',
    scope: 'agent',
    handle({ sim, query }) {
      const code = sim.state.oauthCodes.get(query.str('code', 41008));
      if (!code || code.used || sim.clock.nowSec() - code.issuedAt > sim.config.timings.oauthCodeTtlSec)
        throw new WecomError(40029);
      code.used = true;
      if (code.userid) return { userid: code.userid };
      return { openid: code.openid ?? '', external_userid: code.external_userid ?? '' };
    },
  },
];
