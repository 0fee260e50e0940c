import { setTimeout as sleep } from 'node:timers/promises';
import type { Middleware } from 'koa';
import { clientIp } from '../api/cgi-middleware.js';
import { errorBody, WecomError } from '../api/errors.js';
import type { ChatMessage } from '../corp/types.js';
import type { Sim } from '../sim.js';
import { archivedMessage } from './archived-message.js';
import { encryptChatMessage, encryptRandomKey, newRandomKey } from './double-cipher.js';
import { authorizeFinance, readFinanceRequest, type FinanceRequest } from './finance-request.js';
import { MEDIA_CHUNK_BYTES, mediaBytes } from './media-bytes.js';
import { fixtureBytes } from '../corp/media-fixtures.js';

/** Where the Finance SDK double (tests/finance-sdk-double) sends GetChatData and GetMediaData. */
export const FINANCE_PREFIX = '/__finance/';

const MAX_LIMIT = 1000;

function chatData(sim: Sim, { text, json }: FinanceRequest): string {
  // seq is a uint64: read its digits from the text so values beyond 2^53 are compared exactly.
  const seqDigits = /"seq"\s*:\s*(\d+)/.exec(text)?.[1];
  if (seqDigits === undefined) throw new WecomError(40058, 'seq is required');
  const limit = json.limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
    throw new WecomError(40058, 'limit must be a positive integer');
  }
  if (limit > MAX_LIMIT) throw new WecomError(301058, `limit ${limit} > ${MAX_LIMIT}`);
  const current = sim.archiveKeys.currentVersion();
  if (current === undefined) {
    throw new WecomError(301053, 'no archive public key configured (POST /__sim/archive/keys)');
  }
  const after = BigInt(seqDigits);
  const messages =
    after >= BigInt(Number.MAX_SAFE_INTEGER) ? [] : sim.state.chats.since(Number(after), limit);
  return `{"errcode":0,"errmsg":"ok","chatdata":[${messages.map((m) => encryptedItem(sim, m, current)).join(',')}]}`;
}

/**
 * WeCom encrypts a message once and serves the same ciphertext on every fetch. Kept as its JSON text: a page is
 * then a join of a thousand strings, so serving it costs the simulator (which shares the machine with Keeper in
 * tests and benchmarks) next to nothing.
 */
const sealed = new WeakMap<ChatMessage, { keyVersion: number; json: string }>();

function encryptedItem(sim: Sim, message: ChatMessage, current: number): string {
  const cached = sealed.get(message);
  if (cached && cached.keyVersion === (message.keyVersion ?? current)) return cached.json;
  // Archived before any key existed: the first fetch fixes the version, as WeCom encrypts once.
  if (message.keyVersion === undefined) {
    message.keyVersion = current;
    sim.changed();
  }
  const publicKey = sim.archiveKeys.key(message.keyVersion);
  if (!publicKey) throw new Error(`no public key for version ${message.keyVersion}`);
  const randomKey = newRandomKey();
  const item = {
    seq: message.seq,
    msgid: message.msgid,
    publickey_ver: message.keyVersion,
    encrypt_random_key: encryptRandomKey(publicKey, randomKey),
    encrypt_chat_msg: encryptChatMessage(randomKey, JSON.stringify(archivedMessage(message))),
  };
  const json = JSON.stringify(item);
  sealed.set(message, { keyVersion: item.publickey_ver, json });
  return json;
}

function mediaChunk(sim: Sim, { json }: FinanceRequest): string {
  const sdkfileid = json.sdkfileid;
  if (typeof sdkfileid !== 'string' || sdkfileid === '') throw new WecomError(40058, 'sdkfileid is required');
  const media = sim.state.chats.mediaBySdkFileId(sdkfileid);
  // The SDK reports an unknown file as its own return code 10005; the double passes 10000–10011 through.
  if (!media) throw new WecomError(10005, 'unknown sdkfileid');
  const indexbuf = typeof json.indexbuf === 'string' ? json.indexbuf : '';
  const offset = indexbuf === '' ? 0 : Number(indexbuf);
  if (!Number.isInteger(offset) || offset < 0 || offset > media.size)
    throw new WecomError(40058, 'bad indexbuf');
  const end = Math.min(media.size, offset + MEDIA_CHUNK_BYTES);
  const bytes = media.fixture
    ? fixtureBytes(media.fixture)
    : mediaBytes(media.msgtype, sdkfileid, media.size);
  const data = bytes.subarray(offset, end);
  return JSON.stringify({
    errcode: 0,
    errmsg: 'ok',
    outindexbuf: String(end),
    is_finish: end >= media.size ? 1 : 0,
    data: data.toString('base64'),
  });
}

/** Each answers with the JSON text of a successful reply. */
const handlers: Record<string, (sim: Sim, request: FinanceRequest) => string> = {
  chatdata: chatData,
  media: mediaChunk,
};

/**
 * The endpoints the Finance SDK double calls in place of WeCom's archive servers. Not part of WeCom's HTTP API:
 * the real SDK speaks its own protocol. Errors come as `{errcode, errmsg}` inside HTTP 200, as in the SDK's JSON.
 * Faults armed for `finance/chatdata` or `finance/media` (or for any path) apply here too.
 */
export function financeMiddleware(sim: Sim): Middleware {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(FINANCE_PREFIX)) return next();
    const name = ctx.path.slice(FINANCE_PREFIX.length);
    const handle = handlers[name];
    if (!handle || ctx.method !== 'POST') {
      ctx.status = 404;
      ctx.body = 'Not Found';
      return;
    }
    const faultPath = `finance/${name}`;
    const delay = sim.faults.takeDelay(faultPath).ms;
    if (delay > 0) await sleep(delay);
    if (sim.faults.takeDrop(faultPath)) {
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    ctx.status = 200;
    ctx.type = 'application/json; charset=UTF-8';
    try {
      const injected = sim.faults.takeError(faultPath);
      if (injected !== undefined) throw new WecomError(injected, 'injected by the simulator');
      const request = await readFinanceRequest(ctx.req);
      authorizeFinance(sim, request.json);
      ctx.body = handle(sim, request);
    } catch (err) {
      if (!(err instanceof WecomError)) throw err;
      ctx.body = errorBody(err.errcode, clientIp(ctx), err.detail);
    }
  };
}
