import type { EncryptedChatItem } from './chat-data.js';
import type { FinanceSdkProxy } from './finance-sdk-binding.js';
import type { WireError } from './error-codec.js';

/**
 * Messages between FinanceSdkClient (the server process), the finance-sdk host (a child process) and its decrypt
 * workers (threads). Sent with the 'advanced' serialization, so Buffers and Uint8Arrays cross as bytes.
 */

/** Sent once, over IPC rather than argv or env, so secrets and private keys never show in `ps`. */
export interface HostConfig {
  libraryPath: string;
  workerEntry: string;
  workerLoader?: string;
  corpId: string;
  secret: string;
  privateKeys: Record<string, string>;
  proxy?: FinanceSdkProxy;
  decryptThreads: number;
}

export type HostRequest =
  | { id: number; op: 'getChatData'; seq: string; limit: number; timeoutSec: number }
  /**
   * GetChatData, then decrypt what it returned without sending it back and forth: `id` is answered with the
   * page's ChatDataPage as soon as WeCom replied, `decryptId` with the decrypted items (or the same error).
   */
  | { id: number; op: 'pullChatData'; decryptId: number; seq: string; limit: number; timeoutSec: number }
  | { id: number; op: 'getMedia'; sdkFileId: string; maxBytes: number; timeoutSec: number };

export type ParentToHost = { op: 'init'; config: HostConfig } | HostRequest;

export type HostToParent =
  | { type: 'ready' }
  | { type: 'init-failed'; error: WireError }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: WireError }
  /** A media chunk, streamed so a large file never travels as one message; also proof of progress. */
  | { type: 'chunk'; id: number; data: Uint8Array };

/** What GetChatData returned, without the ciphertext: enough to ask for the next page. */
export interface ChatDataPage {
  /** Items WeCom returned (≤ the limit asked for). */
  fetched: number;
  /** The seq of the last one: where the next page starts; null when the page is empty. */
  lastSeq: string | null;
}

/** What one item becomes after RSA + DecryptData: the message JSON, or why it could not be decrypted. */
export type DecryptedChatItem =
  | {
      seq: string;
      msgid: string;
      publickeyVer: number;
      ok: true;
      message: Record<string, unknown>;
      /** The JSON text DecryptData returned, as it was. */
      text: string;
    }
  | { seq: string; msgid: string; publickeyVer: number; ok: false; error: Error };

/** As it travels from the decrypt threads to the server process: the message still as JSON text. */
export type WireDecryptedItem =
  | { seq: string; msgid: string; publickeyVer: number; ok: true; text: string }
  | { seq: string; msgid: string; publickeyVer: number; ok: false; error: WireError };

export interface WorkerInit {
  libraryPath: string;
  privateKeys: Record<string, string>;
}

export interface WorkerTask {
  id: number;
  items: EncryptedChatItem[];
}

export type WorkerReply =
  { id: number; ok: true; results: WireDecryptedItem[] } | { id: number; ok: false; error: WireError };
