import type { WeComReply } from '../wecom-http';
import type { MessageAttachment } from './external-contact';

/** POST /cgi-bin/externalcontact/add_msg_template. Creates a task the sender confirms; it sends nothing itself. */
export interface AddMessageTemplateRequest {
  readonly chat_type?: 'single' | 'group';
  /** At most 10000, single only. */
  readonly external_userid?: readonly string[];
  /** At most 2000, group only. */
  readonly chat_id_list?: readonly string[];
  readonly tag_filter?: { readonly group_list: readonly { readonly tag_list: readonly string[] }[] };
  readonly sender?: string;
  readonly allow_select?: boolean;
  /** Content at most 4000 bytes. */
  readonly text?: { readonly content: string };
  /** At most 9. */
  readonly attachments?: readonly MessageAttachment[];
}
export interface AddMessageTemplateReply extends WeComReply {
  readonly fail_list?: readonly string[];
  readonly msgid: string;
}

/** POST /cgi-bin/externalcontact/get_groupmsg_list_v2 */
export interface GroupMessageListRequest {
  readonly chat_type: 'single' | 'group';
  /** Seconds; the range is at most one month. */
  readonly start_time: number;
  readonly end_time: number;
  readonly creator?: string;
  /** 0 by the corp, 1 by members, 2 all. */
  readonly filter_type?: number;
  /** At most 100. */
  readonly limit?: number;
  readonly cursor?: string;
}
export interface GroupMessageListReply extends WeComReply {
  readonly group_msg_list: readonly {
    readonly msgid: string;
    readonly creator?: string;
    readonly create_time: string | number;
    /** 0 by the corp, 1 by a member. */
    readonly create_type: number;
    readonly text?: { readonly content: string };
    readonly attachments?: readonly MessageAttachment[];
  }[];
  readonly next_cursor?: string;
}

/** POST /cgi-bin/externalcontact/get_groupmsg_task */
export interface GroupMessageTaskRequest {
  readonly msgid: string;
  /** At most 1000. */
  readonly limit?: number;
  readonly cursor?: string;
}
export interface GroupMessageTaskReply extends WeComReply {
  /** status 0 not sent, 2 sent. */
  readonly task_list: readonly {
    readonly userid: string;
    readonly status: number;
    readonly send_time?: number;
  }[];
  readonly next_cursor?: string;
}

/** POST /cgi-bin/externalcontact/get_groupmsg_send_result */
export interface GroupMessageSendResultRequest {
  readonly msgid: string;
  readonly userid: string;
  readonly limit?: number;
  readonly cursor?: string;
}
export interface GroupMessageSendResultReply extends WeComReply {
  /** status 0 not sent, 1 sent, 2 not friends, 3 customer already received another mass message (limit). */
  readonly send_list: readonly {
    readonly external_userid?: string;
    readonly chat_id?: string;
    readonly userid: string;
    readonly status: number;
    readonly send_time?: number;
  }[];
  readonly next_cursor?: string;
}
