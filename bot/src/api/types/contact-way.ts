import type { WeComReply } from '../wecom-http';

/** The 联系我 / channel-code settings shared by add_contact_way and update_contact_way. */
interface ContactWaySettings {
  /** At most 30 characters. */
  readonly remark?: string;
  readonly skip_verify?: boolean;
  /** At most 30 characters; comes back in add_external_contact's State. */
  readonly state?: string;
  readonly user?: readonly string[];
  readonly party?: readonly number[];
  readonly expires_in?: number;
  readonly chat_expires_in?: number;
  readonly unionid?: string;
  readonly is_exclusive?: boolean;
  readonly conclusions?: ContactWayConclusions;
}

export interface ContactWayConclusions {
  readonly text?: { readonly content: string };
  readonly image?: { readonly media_id?: string; readonly pic_url?: string };
  readonly link?: {
    readonly title: string;
    readonly picurl?: string;
    readonly desc?: string;
    readonly url: string;
  };
  readonly miniprogram?: {
    readonly title: string;
    readonly pic_media_id: string;
    readonly appid: string;
    readonly page: string;
  };
}

/** POST /cgi-bin/externalcontact/add_contact_way */
export interface AddContactWayRequest extends ContactWaySettings {
  /** 1 single member, 2 several members. */
  readonly type: 1 | 2;
  /** 1 mini-program button, 2 QR code. */
  readonly scene: 1 | 2;
  readonly style?: number;
  readonly is_temp?: boolean;
}
export interface AddContactWayReply extends WeComReply {
  readonly config_id: string;
  readonly qr_code?: string;
}

/** POST /cgi-bin/externalcontact/update_contact_way */
export interface UpdateContactWayRequest extends ContactWaySettings {
  readonly config_id: string;
  readonly style?: number;
}

export interface ContactWay extends ContactWaySettings {
  readonly config_id: string;
  readonly type: 1 | 2;
  readonly scene: 1 | 2;
  readonly style?: number;
  readonly qr_code?: string;
  readonly is_temp?: boolean;
}
/** POST /cgi-bin/externalcontact/get_contact_way */
export interface GetContactWayReply extends WeComReply {
  readonly contact_way: ContactWay;
}

/** POST /cgi-bin/externalcontact/list_contact_way */
export interface ListContactWayRequest {
  readonly start_time?: number;
  readonly end_time?: number;
  readonly cursor?: string;
  /** At most 1000, default 100. */
  readonly limit?: number;
}
export interface ListContactWayReply extends WeComReply {
  readonly contact_way: readonly { readonly config_id: string }[];
  readonly next_cursor?: string;
}
