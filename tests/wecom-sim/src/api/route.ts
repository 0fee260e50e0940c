import type { Sim } from '../sim.js';
import type { Params } from './params.js';
import type { UploadedFile } from './read-multipart.js';
import type { AppIdentity, Scope } from './tokens.js';

export interface ApiContext {
  sim: Sim;
  query: Params;
  body: Params;
  /** The app behind the access token; absent only for gettoken. */
  app?: AppIdentity;
  ip: string;
  /** The `media` part of a multipart upload (routes with `body: 'multipart'`). */
  upload?: UploadedFile;
}

/** Fields merged into `{errcode: 0, errmsg: "ok"}`. */
export type ApiResult = Record<string, unknown>;

export interface ApiRoute {
  method: 'GET' | 'POST';
  /** Without the `/cgi-bin/` prefix, e.g. `externalcontact/list`. */
  path: string;
  /** `public` needs no access token (gettoken). */
  scope: Scope | 'public';
  /** How the body comes: JSON (the default) or multipart/form-data (media uploads). */
  body?: 'json' | 'multipart';
  /** Answers with the file its result names under `file` (media/get), not with JSON. */
  file?: boolean;
  handle(c: ApiContext): ApiResult | Promise<ApiResult>;
}
