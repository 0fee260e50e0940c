import type { ChatMessage } from './types.js';

export type NewChatMessage = Omit<ChatMessage, 'seq'>;

/**
 * The conversation archive as WeCom keeps it: every message gets the next seq, and readers page by
 * "seq greater than my checkpoint". Kept in state for the Finance-SDK double.
 */
export class ChatLog {
  private readonly messages: ChatMessage[] = [];
  private lastSeq = 0;

  append(message: NewChatMessage): ChatMessage {
    this.lastSeq += 1;
    const stored: ChatMessage = { ...message, seq: this.lastSeq };
    this.messages.push(stored);
    return stored;
  }

  /** Messages with seq > `afterSeq`, at most `limit` (GetChatData caps it at 1000). */
  since(afterSeq: number, limit = 1000): ChatMessage[] {
    // seq is dense and starts at 1, so the index of seq n+1 is n.
    const start = Math.max(
      0,
      this.messages.findIndex((m) => m.seq > afterSeq),
    );
    if (this.messages.length === 0 || (this.messages.at(-1)?.seq ?? 0) <= afterSeq) return [];
    return this.messages.slice(start, start + Math.min(limit, 1000));
  }

  byMsgId(msgid: string): ChatMessage | undefined {
    return this.messages.find((m) => m.msgid === msgid);
  }

  size(): number {
    return this.messages.length;
  }

  latestSeq(): number {
    return this.lastSeq;
  }
}
