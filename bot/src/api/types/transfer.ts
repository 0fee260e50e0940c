import type { WeComReply } from '../wecom-http';

/** POST /cgi-bin/externalcontact/get_unassigned_list: customers of departed members not yet handed over. */
export interface UnassignedListRequest {
  readonly cursor?: string;
  /** At most 1000. */
  readonly page_size?: number;
}
export interface UnassignedListReply extends WeComReply {
  readonly info: readonly {
    readonly handover_userid: string;
    readonly external_userid: string;
    readonly dimission_time: number;
  }[];
  readonly is_last: boolean;
  readonly next_cursor?: string;
}

/** POST resigned/transfer_customer (departed) and transfer_customer (on-duty). */
export interface TransferCustomerRequest {
  readonly handover_userid: string;
  readonly takeover_userid: string;
  /** At most 100. */
  readonly external_userid: readonly string[];
}
export interface OnJobTransferCustomerRequest extends TransferCustomerRequest {
  /** At most 200 characters; shown to the customer. */
  readonly transfer_success_msg?: string;
}
export interface TransferCustomerReply extends WeComReply {
  /** errcode 0 = transfer started for that customer. */
  readonly customer: readonly { readonly external_userid: string; readonly errcode: number }[];
}

/** POST resigned/transfer_result and transfer_result. */
export interface TransferResultRequest {
  readonly handover_userid: string;
  readonly takeover_userid: string;
  readonly cursor?: string;
}
/** 1 done, 2 waiting, 3 customer refused, 4 takeover hit the customer limit, 5 no transfer record (on-duty only). */
export type TransferStatus = 1 | 2 | 3 | 4 | 5;
export interface TransferResultReply extends WeComReply {
  readonly customer: readonly {
    readonly external_userid: string;
    readonly status: TransferStatus;
    readonly takeover_time?: number;
  }[];
  readonly next_cursor?: string;
}

/** POST groupchat/transfer (departed owner) and groupchat/onjob_transfer. */
export interface GroupChatTransferRequest {
  /** 1–100 chats. */
  readonly chat_id_list: readonly string[];
  readonly new_owner: string;
}
export interface GroupChatTransferReply extends WeComReply {
  readonly failed_chat_list?: readonly {
    readonly chat_id: string;
    readonly errcode: number;
    readonly errmsg: string;
  }[];
}
