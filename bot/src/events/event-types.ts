import type { XmlObject } from '../callback/callback-xml';

/**
 * The typed model of every callback Keeper handles (protocol.md §3). The discriminant `type` is
 * `<Event>.<ChangeType>` for events and `message.<MsgType>` for messages, so one `switch` covers everything
 * and a forgotten case is a compile error. Field names are WeCom's in camelCase; 64-bit ids stay strings.
 */
interface CallbackBase {
  /** The corpid. */
  readonly toUserName: string;
  /** `sys` for system events, the member's UserID for messages. */
  readonly fromUserName: string;
  /** Seconds since the epoch. */
  readonly createTime: number;
  /** The app's AgentID when WeCom sends one (always a string here, CDATA or not). */
  readonly agentId: string | undefined;
}

// ---- messages ------------------------------------------------------------------------------------------------

/** A member wrote to the app (the in-chat bot). */
export interface TextMessage extends CallbackBase {
  readonly type: 'message.text';
  /** 64-bit, kept as a string. */
  readonly msgId: string;
  readonly content: string;
}

// ---- change_external_contact (§3.1) --------------------------------------------------------------------------

interface ExternalContactBase extends CallbackBase {
  readonly userId: string;
  readonly externalUserId: string;
}

/** A member added a customer; `welcomeCode` is valid for 20 s. */
export interface ExternalContactAddedEvent extends ExternalContactBase {
  readonly type: 'change_external_contact.add_external_contact';
  /** The `state` of the 联系我 channel code used, if any. */
  readonly state: string | undefined;
  readonly welcomeCode: string | undefined;
}

/** A customer added a skip-verify member who has not confirmed yet. */
export interface ExternalContactHalfAddedEvent extends ExternalContactBase {
  readonly type: 'change_external_contact.add_half_external_contact';
  readonly state: string | undefined;
  readonly welcomeCode: string | undefined;
}

/** A member edited the customer's remark or corp tags. */
export interface ExternalContactEditedEvent extends ExternalContactBase {
  readonly type: 'change_external_contact.edit_external_contact';
}

/** The member deleted the customer (私删客户), or an on-duty transfer removed the relation. */
export interface ExternalContactDeletedEvent extends ExternalContactBase {
  readonly type: 'change_external_contact.del_external_contact';
  /** `DELETE_BY_TRANSFER` when caused by an on-duty transfer. */
  readonly source: string | undefined;
}

/** The customer deleted the member. */
export interface FollowUserDeletedEvent extends ExternalContactBase {
  readonly type: 'change_external_contact.del_follow_user';
}

export type TransferFailReason = 'customer_refused' | 'customer_limit_exceed';

/** A handover failed; `userId` is the takeover member. */
export interface TransferFailedEvent extends ExternalContactBase {
  readonly type: 'change_external_contact.transfer_fail';
  readonly failReason: TransferFailReason;
}

/** The customer agreed to chat archiving. */
export interface MsgAuditApprovedEvent extends ExternalContactBase {
  readonly type: 'change_external_contact.msg_audit_approved';
  readonly welcomeCode: string | undefined;
}

export type ExternalContactEvent =
  | ExternalContactAddedEvent
  | ExternalContactHalfAddedEvent
  | ExternalContactEditedEvent
  | ExternalContactDeletedEvent
  | FollowUserDeletedEvent
  | TransferFailedEvent
  | MsgAuditApprovedEvent;

// ---- change_external_chat (§3.2) -----------------------------------------------------------------------------

interface ExternalChatBase extends CallbackBase {
  readonly chatId: string;
}

export interface ExternalChatCreatedEvent extends ExternalChatBase {
  readonly type: 'change_external_chat.create';
}

export interface ExternalChatDismissedEvent extends ExternalChatBase {
  readonly type: 'change_external_chat.dismiss';
}

export type ExternalChatUpdateDetail =
  'add_member' | 'del_member' | 'change_owner' | 'change_name' | 'change_notice';

export interface ExternalChatUpdatedEvent extends ExternalChatBase {
  readonly type: 'change_external_chat.update';
  readonly updateDetail: ExternalChatUpdateDetail;
  /** add_member: 0 invited by a member, 3 scanned the group QR code. */
  readonly joinScene: number | undefined;
  /** del_member: 0 left by themselves, 1 removed by a member. */
  readonly quitScene: number | undefined;
  readonly memChangeCnt: number | undefined;
  /** UserIDs / external UserIDs that joined or left; empty when WeCom sends none. */
  readonly memChangeList: readonly string[];
  readonly lastMemVer: string | undefined;
  readonly curMemVer: string | undefined;
}

export type ExternalChatEvent =
  ExternalChatCreatedEvent | ExternalChatUpdatedEvent | ExternalChatDismissedEvent;

// ---- change_external_tag (§3.3) ------------------------------------------------------------------------------

export type ExternalTagChangeType = 'create' | 'update' | 'delete' | 'shuffle';

interface ExternalTagEventOf<C extends ExternalTagChangeType> extends CallbackBase {
  readonly type: `change_external_tag.${C}`;
  /** Tag or tag-group id; on `shuffle` the group whose tags were reordered, absent when groups were reordered. */
  readonly id: string | undefined;
  readonly tagType: 'tag' | 'tag_group' | undefined;
  /** Set for rule-group (strategy) tags. */
  readonly strategyId: string | undefined;
}

/** One variant per ChangeType, so that narrowing on `type` works like every other event. */
export type ExternalTagEvent = { [C in ExternalTagChangeType]: ExternalTagEventOf<C> }[ExternalTagChangeType];

// ---- change_contact (§3.4) -----------------------------------------------------------------------------------

/**
 * Member fields. Callback URLs configured after 2022-08-15 receive only `UserID` and `Department`, so everything
 * else is optional: fetch the member through the API when it is missing.
 */
export interface ContactUserFields {
  readonly userId: string;
  readonly name: string | undefined;
  readonly department: readonly number[] | undefined;
  readonly mainDepartment: number | undefined;
  /** Aligned with `department`. */
  readonly isLeaderInDept: readonly boolean[] | undefined;
  readonly directLeader: readonly string[] | undefined;
  readonly position: string | undefined;
  readonly mobile: string | undefined;
  /** 0 unknown, 1 male, 2 female. */
  readonly gender: number | undefined;
  readonly email: string | undefined;
  readonly bizMail: string | undefined;
  /** 1 active, 2 disabled, 4 not activated, 5 left the corp. */
  readonly status: number | undefined;
  readonly avatar: string | undefined;
  readonly alias: string | undefined;
  readonly telephone: string | undefined;
  readonly address: string | undefined;
}

export interface ContactUserCreatedEvent extends CallbackBase, ContactUserFields {
  readonly type: 'change_contact.create_user';
}

export interface ContactUserUpdatedEvent extends CallbackBase, ContactUserFields {
  readonly type: 'change_contact.update_user';
  /** Set when the member's UserID was changed: `userId` is the old one. */
  readonly newUserId: string | undefined;
}

/** A member was removed from the directory: a departure. */
export interface ContactUserDeletedEvent extends CallbackBase {
  readonly type: 'change_contact.delete_user';
  readonly userId: string;
}

export interface ContactPartyFields {
  readonly id: number;
  readonly name: string | undefined;
  readonly parentId: number | undefined;
  readonly order: number | undefined;
}

export interface ContactPartyCreatedEvent extends CallbackBase, ContactPartyFields {
  readonly type: 'change_contact.create_party';
}

export interface ContactPartyUpdatedEvent extends CallbackBase, ContactPartyFields {
  readonly type: 'change_contact.update_party';
}

export interface ContactPartyDeletedEvent extends CallbackBase {
  readonly type: 'change_contact.delete_party';
  readonly id: number;
}

export type ContactEvent =
  | ContactUserCreatedEvent
  | ContactUserUpdatedEvent
  | ContactUserDeletedEvent
  | ContactPartyCreatedEvent
  | ContactPartyUpdatedEvent
  | ContactPartyDeletedEvent;

// ---- msgaudit_notify (§3.5) ----------------------------------------------------------------------------------

/** New chat-archive data is available (at most every 15 s; never when there is none, so pull on a timer too). */
export interface MsgAuditNotifyEvent extends CallbackBase {
  readonly type: 'msgaudit_notify';
}

// ---- anything else -------------------------------------------------------------------------------------------

/**
 * A callback Keeper does not model, or a modelled one whose fields did not validate. The raw parsed XML is kept so
 * nothing is lost; `issues` says what failed for `reason: 'invalid'`.
 */
export interface UnknownCallback {
  readonly type: 'unknown';
  readonly reason: 'unrecognised' | 'invalid';
  readonly msgType: string | undefined;
  readonly event: string | undefined;
  readonly changeType: string | undefined;
  readonly fromUserName: string | undefined;
  readonly createTime: number | undefined;
  readonly msgId: string | undefined;
  readonly issues: readonly string[];
  readonly raw: XmlObject;
}

export type WeComCallbackEvent =
  | TextMessage
  | ExternalContactEvent
  | ExternalChatEvent
  | ExternalTagEvent
  | ContactEvent
  | MsgAuditNotifyEvent
  | UnknownCallback;

export type WeComCallbackEventType = WeComCallbackEvent['type'];
