import type { MediaFixtureName } from './media-fixtures.js';

/** The fake corp's records. Field names follow WeCom's JSON so the API can serve them with little mapping. */

export interface Department {
  id: number;
  name: string;
  name_en: string;
  parentid: number;
  order: number;
  department_leader: string[];
}

/** 1 active, 2 disabled, 4 not activated (WeCom's member status). */
export type StaffStatus = 1 | 2 | 4;

export interface Staff {
  userid: string;
  name: string;
  department: number[];
  main_department: number;
  is_leader_in_dept: number[];
  direct_leader: string[];
  position: string;
  mobile: string;
  /** WeCom sends gender as a string: "0" unknown, "1" male, "2" female. */
  gender: '0' | '1' | '2';
  email: string;
  alias: string;
  avatar: string;
  status: StaffStatus;
  /** Listed under 客户联系 → members who may use customer contact (get_follow_user_list). */
  externalContactEnabled: boolean;
  /** Unix seconds of the departure; a departed member is gone from the directory but keeps unassigned customers. */
  dimissionTime?: number;
  /**
   * The most customers WeCom lets this member have. Absent: no limit is simulated. At the limit a transfer to
   * them is refused at the start (40099) or fails when it comes due (status 4, transfer_fail customer_limit_exceed).
   */
  customerLimit?: number;
}

export interface Customer {
  external_userid: string;
  name: string;
  position: string;
  avatar: string;
  corp_name: string;
  corp_full_name: string;
  /** 1 WeChat user, 2 WeCom user. */
  type: 1 | 2;
  gender: 0 | 1 | 2;
  /** Only WeChat users have a unionid. */
  unionid?: string;
}

export interface Follow {
  userid: string;
  external_userid: string;
  remark: string;
  description: string;
  createtime: number;
  tagIds: string[];
  remark_corp_name: string;
  remark_mobiles: string[];
  add_way: number;
  state: string;
  oper_userid: string;
  /**
   * The customer deleted the member (del_follow_user): WeCom keeps a one-way relation and the APIs still answer
   * for it, unlike a member deleting the customer, which removes the relation.
   */
  deletedByCustomer: boolean;
}

export interface CorpTag {
  id: string;
  name: string;
  create_time: number;
  order: number;
}

export interface CorpTagGroup {
  group_id: string;
  group_name: string;
  create_time: number;
  order: number;
  tags: CorpTag[];
}

export interface GroupMember {
  userid: string;
  /** 1 corp member, 2 customer. */
  type: 1 | 2;
  join_time: number;
  /** 1 invited directly, 2 invited by link, 3 scanned a QR code. */
  join_scene: number;
  invitor?: string;
  unionid?: string;
  group_nickname: string;
  name: string;
}

export interface GroupChat {
  chat_id: string;
  name: string;
  owner: string;
  create_time: number;
  notice: string;
  members: GroupMember[];
  admin_list: string[];
  /** Member-list version, announced in change_external_chat update events. */
  memVer: number;
  dismissed: boolean;
  /** A groupchat/transfer of a departed owner's group moves it to "transferred" for groupchat/list. */
  transferred: boolean;
}

export interface ContactWay {
  config_id: string;
  type: 1 | 2;
  scene: 1 | 2;
  style?: number;
  remark: string;
  skip_verify: boolean;
  state: string;
  user: string[];
  party: number[];
  is_temp: boolean;
  expires_in?: number;
  chat_expires_in?: number;
  unionid?: string;
  conclusions?: Record<string, unknown>;
  qr_code?: string;
  create_time: number;
}

export interface WelcomeCode {
  code: string;
  userid: string;
  external_userid: string;
  issuedAt: number;
  /** The member and the customer already chatted: send_welcome_msg answers 41051. */
  alreadyChatted: boolean;
  used: boolean;
}

export interface SentWelcome {
  welcome_code: string;
  userid: string;
  external_userid: string;
  text?: { content: string };
  attachments: unknown[];
  sentAt: number;
}

export interface OutboxMessage {
  msgid: string;
  agentid: number;
  msgtype: string;
  /** Members the message reached. */
  touser: string[];
  toparty: string[];
  totag: string[];
  /** The message body as sent, keyed by msgtype (text, markdown, textcard…). */
  content: unknown;
  sentAt: number;
  recalled: boolean;
  /** Duplicate within the duplicate-check interval: WeCom answers ok but does not deliver. */
  duplicate: boolean;
  /** Members over the per-member app-message limit: WeCom drops silently. */
  droppedFor: string[];
}

export type TransferKind = 'onjob' | 'resigned';

/** 1 done, 2 waiting, 3 customer refused, 4 takeover hit the customer limit, 5 no transfer record. */
export type TransferStatus = 1 | 2 | 3 | 4 | 5;

export interface TransferRecord {
  kind: TransferKind;
  handover_userid: string;
  takeover_userid: string;
  external_userid: string;
  status: TransferStatus;
  startedAt: number;
  /** Waiting: when the automatic takeover is due; done: when it happened; refused or failed: 0 (as WeCom shows). */
  takeover_time: number;
  transfer_success_msg: string;
}

/** A group that changed owner through groupchat/transfer or groupchat/onjob_transfer (the daily and 90-day limits). */
export interface GroupTransferRecord {
  kind: TransferKind;
  chat_id: string;
  old_owner: string;
  new_owner: string;
  at: number;
}

export interface MassTask {
  userid: string;
  /** 0 not sent, 2 sent. */
  status: 0 | 2;
  send_time: number;
}

export interface MassSendResult {
  external_userid?: string;
  chat_id?: string;
  userid: string;
  /** 0 not sent, 1 sent, 2 not friends, 3 customer over the receive limit. */
  status: 0 | 1 | 2 | 3;
  send_time: number;
}

export interface MassMessage {
  msgid: string;
  chat_type: 'single' | 'group';
  creator: string;
  /** 0 by the corp (API/admin), 1 by a member. */
  create_type: 0 | 1;
  create_time: number;
  text?: { content: string };
  attachments: unknown[];
  /** The sender may change the recipients in the client (kept as asked; the simulator's senders never do). */
  allow_select?: boolean;
  tasks: MassTask[];
  results: MassSendResult[];
  cancelled: boolean;
  reminders: number[];
  dispatchedAt: number;
}

export interface ChatMessage {
  /** Strictly increasing; GetChatData returns seq > checkpoint. */
  seq: number;
  msgid: string;
  action: 'send' | 'recall' | 'switch';
  from: string;
  tolist: string[];
  roomid: string;
  /** Milliseconds. */
  msgtime: number;
  msgtype: string;
  /** The type-specific part, e.g. `{text: {content}}` or `{revoke: {pre_msgid}}`. */
  body: Record<string, unknown>;
  /**
   * `publickey_ver` of Keeper's public key that was current when the message was archived; absent when no key
   * was configured then (the first GetChatData that serves it fixes it to the current one).
   */
  keyVersion?: number;
  /** The real file GetMediaData serves for this media message (not part of what WeCom sends). */
  mediaFixture?: MediaFixtureName;
}

export type AgreeStatus = 'Agree' | 'Disagree' | 'Default_Agree';

export interface AgreeRecord {
  status: AgreeStatus;
  changedAt: number;
}
