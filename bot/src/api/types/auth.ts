import type { WeComReply } from '../wecom-http';

/** GET /cgi-bin/auth/getuserinfo: a member has `userid`, a non-member `openid` (and `external_userid`). */
export interface UserInfoByCodeReply extends WeComReply {
  readonly userid?: string;
  readonly user_ticket?: string;
  readonly openid?: string;
  readonly external_userid?: string;
}
