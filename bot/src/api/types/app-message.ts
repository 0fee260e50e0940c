import type { WeComReply } from '../wecom-http';

interface AppMessageTarget {
  /** "u1|u2" or "@all"; at most 1000. */
  readonly touser?: string;
  readonly toparty?: string;
  readonly totag?: string;
  readonly safe?: 0 | 1;
  readonly enable_id_trans?: 0 | 1;
  readonly enable_duplicate_check?: 0 | 1;
  /** Seconds, at most 4 h. */
  readonly duplicate_check_interval?: number;
}

/** POST /cgi-bin/message/send. `agentid` is filled from the credential when omitted. */
export type AppMessage = AppMessageTarget &
  (
    | { readonly msgtype: 'text'; readonly text: { readonly content: string } }
    | { readonly msgtype: 'markdown'; readonly markdown: { readonly content: string } }
    | {
        readonly msgtype: 'textcard';
        readonly textcard: {
          readonly title: string;
          readonly description: string;
          readonly url: string;
          readonly btntxt?: string;
        };
      }
  ) & { readonly agentid?: number };

export interface SendAppMessageReply extends WeComReply {
  /** Recipients WeCom refused, "u1|u2"; errcode is 0 when only some are invalid. */
  readonly invaliduser?: string;
  readonly invalidparty?: string;
  readonly invalidtag?: string;
  readonly unlicenseduser?: string;
  readonly msgid: string;
  readonly response_code?: string;
}
