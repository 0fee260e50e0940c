import type { Sim } from '../sim.js';
import type { Params } from './params.js';
import type { AppIdentity, Scope } from './tokens.js';

export interface ApiContext {
  sim: Sim;
  query: Params;
  body: Params;
  /** The app behind the access token; absent only for gettoken. */
  app?: AppIdentity;
  ip: string;
}

/** Fields merged into `{errcode: 0, errmsg: "ok"}`. */
export type ApiResult = Record<string, unknown>;

export interface ApiRoute {
  method: 'GET' | 'POST';
  /** Without the `/cgi-bin/` prefix, e.g. `externalcontact/list`. */
  path: string;
  /** `public` needs no access token (gettoken). */
  scope: Scope | 'public';
  handle(c: ApiContext): ApiResult | Promise<ApiResult>;
}
