import type { WeComReply } from '../wecom-http';

/** 1 WeChat user, 2 WeCom user. */
export type ExternalContactType = 1 | 2;

export interface ExternalContact {
  readonly external_userid: string;
  readonly name: string;
  readonly position?: string;
  readonly avatar?: string;
  readonly corp_name?: string;
  readonly corp_full_name?: string;
  readonly type: ExternalContactType;
  /** 0 unknown, 1 male, 2 female. */
  readonly gender?: number;
  readonly unionid?: string;
  readonly external_profile?: unknown;
}

export interface FollowUserTag {
  readonly group_name?: string;
  readonly tag_name: string;
  readonly tag_id?: string;
  /** 1 corp tag, 2 personal tag, 3 rule-group tag. */
  readonly type: number;
}

interface FollowCommon {
  readonly userid: string;
  readonly remark?: string;
  readonly description?: string;
  /** Seconds since the epoch. */
  readonly createtime: number;
  readonly remark_corp_name?: string;
  readonly remark_mobiles?: readonly string[];
  readonly oper_userid?: string;
  /** 0 unknown, 1 QR code, 2 phone search, … 201 internal share, 202 admin assignment (protocol.md §4). */
  readonly add_way?: number;
  readonly state?: string;
}
export interface FollowUser extends FollowCommon {
  readonly tags?: readonly FollowUserTag[];
}
export interface FollowInfo extends FollowCommon {
  readonly tag_id?: readonly string[];
}

/** GET /cgi-bin/externalcontact/get_follow_user_list */
export interface FollowUserListReply extends WeComReply {
  readonly follow_user: readonly string[];
}
/** GET /cgi-bin/externalcontact/list */
export interface ExternalContactListReply extends WeComReply {
  readonly external_userid?: readonly string[];
}
/** GET /cgi-bin/externalcontact/get */
export interface ExternalContactGetReply extends WeComReply {
  readonly external_contact: ExternalContact;
  readonly follow_user: readonly FollowUser[];
  /** Present when the customer has more than 500 follow users. */
  readonly next_cursor?: string;
}

/** POST /cgi-bin/externalcontact/batch/get_by_user */
export interface BatchGetByUserRequest {
  /** At most 100. */
  readonly userid_list: readonly string[];
  readonly cursor?: string;
  /** At most 100, default 50. */
  readonly limit?: number;
}
export interface BatchGetByUserReply extends WeComReply {
  readonly external_contact_list: readonly {
    readonly external_contact: ExternalContact;
    readonly follow_info: FollowInfo;
  }[];
  readonly next_cursor?: string;
}

/** POST /cgi-bin/externalcontact/remark */
export interface RemarkRequest {
  readonly userid: string;
  readonly external_userid: string;
  /** At most 20 characters. */
  readonly remark?: string;
  /** At most 150 characters. */
  readonly description?: string;
  readonly remark_company?: string;
  readonly remark_mobiles?: readonly string[];
  readonly remark_pic_mediaid?: string;
}

/** POST /cgi-bin/externalcontact/get_corp_tag_list */
export interface CorpTagListRequest {
  readonly tag_id?: readonly string[];
  readonly group_id?: readonly string[];
}
export interface CorpTag {
  readonly id: string;
  readonly name: string;
  readonly create_time: number;
  readonly order: number;
  readonly deleted?: boolean;
}
export interface CorpTagGroup {
  readonly group_id: string;
  readonly group_name: string;
  readonly create_time: number;
  readonly order: number;
  readonly deleted?: boolean;
  readonly tag: readonly CorpTag[];
}
export interface CorpTagListReply extends WeComReply {
  readonly tag_group: readonly CorpTagGroup[];
}

/** POST /cgi-bin/externalcontact/add_corp_tag: into `group_id`, or a new group named `group_name`. */
export interface AddCorpTagRequest {
  readonly group_id?: string;
  readonly group_name?: string;
  readonly order?: number;
  /** Names at most 30 characters. */
  readonly tag: readonly { readonly name: string; readonly order?: number }[];
  readonly agentid?: number;
}
export interface AddCorpTagReply extends WeComReply {
  readonly tag_group: CorpTagGroup;
}
/** POST /cgi-bin/externalcontact/edit_corp_tag: `id` is a tag or a group id. */
export interface EditCorpTagRequest {
  readonly id: string;
  readonly name?: string;
  readonly order?: number;
  readonly agentid?: number;
}
/** POST /cgi-bin/externalcontact/del_corp_tag */
export interface DeleteCorpTagRequest {
  readonly tag_id?: readonly string[];
  readonly group_id?: readonly string[];
  readonly agentid?: number;
}
/** POST /cgi-bin/externalcontact/mark_tag */
export interface MarkTagRequest {
  readonly userid: string;
  readonly external_userid: string;
  readonly add_tag?: readonly string[];
  readonly remove_tag?: readonly string[];
}

/** An attachment of a welcome or mass message (≤ 9). */
export type MessageAttachment =
  | { readonly msgtype: 'image'; readonly image: { readonly media_id?: string; readonly pic_url?: string } }
  | {
      readonly msgtype: 'link';
      readonly link: {
        readonly title: string;
        readonly picurl?: string;
        readonly desc?: string;
        readonly url: string;
      };
    }
  | {
      readonly msgtype: 'miniprogram';
      readonly miniprogram: {
        readonly title: string;
        readonly pic_media_id: string;
        readonly appid: string;
        readonly page: string;
      };
    }
  | { readonly msgtype: 'video'; readonly video: { readonly media_id: string } }
  | { readonly msgtype: 'file'; readonly file: { readonly media_id: string } };

/** POST /cgi-bin/externalcontact/send_welcome_msg: the welcome code lives 20 s. */
export interface SendWelcomeMessageRequest {
  readonly welcome_code: string;
  /** Content at most 4000 bytes. */
  readonly text?: { readonly content: string };
  readonly attachments?: readonly MessageAttachment[];
}

/** POST /cgi-bin/externalcontact/groupchat/list */
export interface GroupChatListRequest {
  /** 0 all, 1 pending handover after the owner left, 2 handover in progress, 3 handed over. */
  readonly status_filter?: number;
  readonly owner_filter?: { readonly userid_list: readonly string[] };
  readonly cursor?: string;
  /** 1–1000. */
  readonly limit: number;
}
export interface GroupChatListReply extends WeComReply {
  readonly group_chat_list: readonly { readonly chat_id: string; readonly status: number }[];
  readonly next_cursor?: string;
}
/** POST /cgi-bin/externalcontact/groupchat/get */
export interface GroupChatGetRequest {
  readonly chat_id: string;
  /** 1 to get members' names. */
  readonly need_name?: 0 | 1;
}
export interface GroupChatMember {
  readonly userid: string;
  /** 1 corp member, 2 customer. */
  readonly type: 1 | 2;
  readonly join_time: number;
  /** 1 invited directly, 2 invited by link, 3 scanned the QR code. */
  readonly join_scene: number;
  readonly invitor?: { readonly userid: string };
  readonly group_nickname?: string;
  readonly name?: string;
  readonly unionid?: string;
}
export interface GroupChatGetReply extends WeComReply {
  readonly group_chat: {
    readonly chat_id: string;
    readonly name?: string;
    readonly owner: string;
    readonly create_time: number;
    readonly notice?: string;
    readonly member_list: readonly GroupChatMember[];
    readonly admin_list?: readonly { readonly userid: string }[];
    readonly member_version?: string;
  };
}
