import { z } from 'zod';
import { WeComError } from '../api/wecom-error.js';
import { ArchiveFormatError } from './archive-errors.js';

/** One item of GetChatData's output: still encrypted. `seq` is a decimal string (a uint64). */
export interface EncryptedChatItem {
  seq: string;
  msgid: string;
  publickeyVer: number;
  encryptRandomKey: string;
  encryptChatMsg: string;
}

const replySchema = z.object({
  errcode: z.number().int(),
  errmsg: z.string().default(''),
  chatdata: z
    .array(
      z.object({
        seq: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String),
        msgid: z.string().min(1),
        publickey_ver: z.number().int().min(0),
        encrypt_random_key: z.string().min(1),
        encrypt_chat_msg: z.string().min(1),
      }),
    )
    .default([]),
});

/** Where WeCom's errors inside GetChatData's JSON are reported as coming from. */
export const GET_CHAT_DATA_PATH = 'finance/GetChatData';

/**
 * Parses GetChatData's JSON; seqs become decimal strings. A seq is a uint64, exact in JSON.parse only below 2^53:
 * a page holding a larger one is parsed again with its seq digits quoted (rewriting every page's megabyte of
 * text up front would cost more than the rest of the parse). WeCom's own errors (41001, 301052, 301053, 301058…)
 * arrive inside the JSON and become WeComError.
 */
export function parseChatDataReply(text: string): EncryptedChatItem[] {
  let json = parseJson(text);
  if (hasInexactSeq(json)) json = parseJson(text.replace(/"seq"\s*:\s*(\d+)/g, '"seq":"$1"'));
  const parsed = replySchema.safeParse(json);
  if (!parsed.success) throw new ArchiveFormatError('GetChatData output does not match the documented shape');
  const reply = parsed.data;
  if (reply.errcode !== 0) throw new WeComError(reply.errcode, reply.errmsg, GET_CHAT_DATA_PATH);
  return reply.chatdata.map((item) => ({
    seq: item.seq,
    msgid: item.msgid,
    publickeyVer: item.publickey_ver,
    encryptRandomKey: item.encrypt_random_key,
    encryptChatMsg: item.encrypt_chat_msg,
  }));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the input; this text is only ciphertext, but keep errors content-free anyway.
    throw new ArchiveFormatError('GetChatData output is not JSON');
  }
}

function hasInexactSeq(json: unknown): boolean {
  const chatdata = (json as { chatdata?: unknown } | null)?.chatdata;
  return (
    Array.isArray(chatdata) &&
    chatdata.some(
      (item: { seq?: unknown } | null) => typeof item?.seq === 'number' && !Number.isSafeInteger(item.seq),
    )
  );
}
