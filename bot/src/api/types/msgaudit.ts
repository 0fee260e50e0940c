import type { WeComReply } from '../wecom-http';

/** POST /cgi-bin/msgaudit/get_permit_user_list */
export interface PermitUserListReply extends WeComReply {
  readonly ids: readonly string[];
}

export type AgreeStatus = 'Agree' | 'Disagree' | 'Default_Agree';
export interface AgreeInfo {
  readonly userid?: string;
  /** WeCom's own spelling. */
  readonly exteranalopenid: string;
  readonly agree_status: AgreeStatus;
  readonly status_change_time: number;
}
/** POST /cgi-bin/msgaudit/check_single_agree; `exteranalopenid` (sic) is the customer's external_userid. */
export interface CheckSingleAgreeRequest {
  readonly info: readonly { readonly userid: string; readonly exteranalopenid: string }[];
}
export interface CheckAgreeReply extends WeComReply {
  readonly agreeinfo: readonly AgreeInfo[];
}

/** POST /cgi-bin/msgaudit/groupchat/get: an internal group seen by the archive. */
export interface ArchiveRoomReply extends WeComReply {
  readonly roomname: string;
  readonly creator: string;
  readonly room_create_time: number;
  readonly notice?: string;
  readonly members: readonly { readonly memberid: string; readonly jointime: number }[];
}
