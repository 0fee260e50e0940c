import { newHint } from '../corp/ids.js';

/** WeCom's own wording for the codes the simulator answers with (the part before ", hint: …"). */
const TEXTS: Record<number, string> = {
  [-1]: 'system is busy',
  40001: 'invalid credential, access_token is invalid or not latest',
  40003: 'invalid userid',
  40008: 'invalid message type',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40050: 'chatid not found',
  40056: 'invalid agentid',
  40058: 'invalid Request Parameter',
  40068: 'invalid tagid',
  40071: 'UserTag Name Already Exist',
  40096: 'invalid external userid',
  40097: 'invalid handover userid, member has not resigned',
  40098: 'takeover user is not verified',
  40099: 'takeover user has reached the external contact limit',
  40100: 'user is transferring customer',
  40126: 'corp tag count exceed limit',
  40128: 'customer transfer count reach limit',
  40129: 'customer is being transferred',
  40130: 'handover userid and takeover userid can not be the same',
  40143: 'takeover user is forbidden to receive customers',
  40131: 'handover userid is not the follow user of the customer',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  41008: 'missing oauth code',
  41009: 'missing userid',
  41035: 'missing external userid',
  41044: 'invalid config_id',
  41048: 'no available external contact to send',
  41050: 'invalid welcome code or welcome code expired',
  41051: 'external contact has already chatted with user',
  41063: 'the msg is being sent, please wait',
  41064: 'attachments count exceed limit',
  41093: 'msg has been canceled',
  41094: 'remind times exceed limit',
  41096: 'welcome msg is sending',
  42001: 'access_token expired',
  44004: 'empty content',
  45002: 'content size out of limit',
  45009: 'api freq out of limit',
  49008: 'the group has been dismissed',
  45033: 'api concurrent out of limit',
  48002: 'api forbidden',
  60020: 'not allow to access from your ip',
  60111: 'userid not found',
  60123: 'invalid party id',
  81013: 'user & party & tag all invalid',
  82001: 'All touser & toparty & totag invalid',
  84061: 'not external contact',
  90500: 'the group owner has not resigned',
  90501: 'not a customer group',
  90502: 'the group owner has resigned',
  90504: 'the group owner is not changed',
  90507: 'the group is being inherited',
  90508: 'the group has been inherited',
  301052: 'msgaudit service expired',
  301053: 'msgaudit service not open',
  301058: 'request too large',
  10005: 'invalid sdkfileid',
};

/** A business error: answered with HTTP 200 and `{errcode, errmsg}` like every WeCom error. */
export class WecomError extends Error {
  constructor(
    readonly errcode: number,
    /** Extra words after WeCom's text, e.g. which field was wrong. */
    readonly detail?: string,
    /** Fields WeCom still returns next to the error (84061 comes with `external_userid: []`). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(`WeCom error ${errcode}${detail ? `: ${detail}` : ''}`);
    this.name = 'WecomError';
  }
}

export function errmsgFor(errcode: number, ip: string, detail?: string): string {
  const text = TEXTS[errcode] ?? 'unknown error';
  const head = detail ? `${text}, ${detail}` : text;
  return `${head}, hint: [${newHint()}], from ip: ${ip}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}

export function errorBody(errcode: number, ip: string, detail?: string): { errcode: number; errmsg: string } {
  return { errcode, errmsg: errmsgFor(errcode, ip, detail) };
}
