import type { ChatMessage } from './types.js';

export type NewChatMessage = Omit<ChatMessage, 'seq' | 'keyVersion'>;

/** A media file a message refers to, by its sdkfileid (GetMediaData serves its bytes). */
export interface ChatMedia {
  msgtype: string;
  size: number;
}

const MEDIA_SIZE_FIELDS = ['filesize', 'voice_size', 'imagesize'];

/**
 * The conversation archive as WeCom keeps it: every message gets the next seq, and readers page by
 * "seq greater than my checkpoint". Kept in state for the Finance-SDK double.
 */
export class ChatLog {
  private readonly messages: ChatMessage[] = [];
  private readonly media = new Map<string, ChatMedia>();
  private lastSeq = 0;

  /** @param currentKeyVersion the archive public-key version each new message is stamped with. */
  constructor(private readonly currentKeyVersion: () => number | undefined = () => undefined) {}

  append(message: NewChatMessage): ChatMessage {
    this.lastSeq += 1;
    const keyVersion = this.currentKeyVersion();
    const stored: ChatMessage = {
      ...message,
      seq: this.lastSeq,
      ...(keyVersion !== undefined ? { keyVersion } : {}),
    };
    this.messages.push(stored);
    this.indexMedia(stored);
    return stored;
  }

  /** Messages with seq > `afterSeq`, at most `limit` (GetChatData caps it at 1000). */
  since(afterSeq: number, limit = 1000): ChatMessage[] {
    // Seqs only grow: binary search for the first one after the checkpoint.
    let low = 0;
    let high = this.messages.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.messages[middle]!.seq > afterSeq) high = middle;
      else low = middle + 1;
    }
    return this.messages.slice(low, low + Math.min(limit, 1000));
  }

  byMsgId(msgid: string): ChatMessage | undefined {
    return this.messages.find((m) => m.msgid === msgid);
  }

  mediaBySdkFileId(sdkfileid: string): ChatMedia | undefined {
    return this.media.get(sdkfileid);
  }

  size(): number {
    return this.messages.length;
  }

  latestSeq(): number {
    return this.lastSeq;
  }

  private indexMedia(message: ChatMessage): void {
    const content = message.body[message.msgtype];
    if (typeof content !== 'object' || content === null) return;
    const fields = content as Record<string, unknown>;
    if (typeof fields.sdkfileid !== 'string' || fields.sdkfileid === '') return;
    const size = MEDIA_SIZE_FIELDS.map((f) => fields[f]).find((v) => typeof v === 'number');
    this.media.set(fields.sdkfileid, { msgtype: message.msgtype, size: typeof size === 'number' ? size : 0 });
  }
}
