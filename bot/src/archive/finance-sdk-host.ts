import { MediaTooLargeError } from './archive-errors.js';
import { parseChatDataReply, type EncryptedChatItem } from './chat-data.js';
import { DecryptPool } from './decrypt-pool.js';
import { toWireError, type WireError } from './error-codec.js';
import { FinanceSdkLibrary, type FinanceSdkSession } from './finance-sdk-binding.js';
import type { ChatDataPage, HostConfig, HostRequest, HostToParent, ParentToHost } from './host-protocol.js';

/**
 * Entry of the child process that hosts the Finance SDK (started by FinanceSdkClient with IPC). Native code runs
 * only here: if the library crashes, this process dies and the client starts another one. The server build must
 * emit this file (and finance-sdk-worker) as separate entries.
 */

function send(message: HostToParent): void {
  process.send?.(message);
}

interface Host {
  session: FinanceSdkSession;
  pool: DecryptPool;
}

async function start(config: HostConfig): Promise<Host> {
  const library = new FinanceSdkLibrary(config.libraryPath);
  const session = library.openSession(config.corpId, config.secret, config.proxy);
  const pool = new DecryptPool(
    { entry: config.workerEntry, ...(config.workerLoader ? { loader: config.workerLoader } : {}) },
    { libraryPath: config.libraryPath, privateKeys: config.privateKeys },
    config.decryptThreads,
  );
  return { session, pool };
}

async function getMedia(host: Host, request: Extract<HostRequest, { op: 'getMedia' }>): Promise<number> {
  let index = '';
  let total = 0;
  for (;;) {
    const chunk = await host.session.getMediaChunk(request.sdkFileId, index, request.timeoutSec);
    total += chunk.data.length;
    // Stop before sending more than allowed: the caller asked for a cap, not a truncated file.
    if (total > request.maxBytes) throw new MediaTooLargeError(request.maxBytes);
    if (chunk.data.length > 0) send({ type: 'chunk', id: request.id, data: chunk.data });
    if (chunk.finished) return total;
    index = chunk.nextIndex;
  }
}

/** GetChatData for the page a request names, parsed. */
async function fetchPage(
  host: Host,
  request: { seq: string; limit: number; timeoutSec: number },
): Promise<EncryptedChatItem[]> {
  return parseChatDataReply(
    await host.session.getChatData(BigInt(request.seq), request.limit, request.timeoutSec),
  );
}

/** Answers the page at once and the decryption when the threads are done (see HostRequest 'pullChatData'). */
async function pullChatData(
  host: Host,
  request: Extract<HostRequest, { op: 'pullChatData' }>,
): Promise<ChatDataPage> {
  let items: EncryptedChatItem[];
  try {
    items = await fetchPage(host, request);
  } catch (err) {
    send({ type: 'error', id: request.decryptId, error: asWire(err) });
    throw err;
  }
  host.pool.decrypt(items).then(
    (value) => send({ type: 'result', id: request.decryptId, value }),
    (err: unknown) => send({ type: 'error', id: request.decryptId, error: asWire(err) }),
  );
  return { fetched: items.length, lastSeq: items.at(-1)?.seq ?? null };
}

async function handle(host: Host, request: HostRequest): Promise<unknown> {
  switch (request.op) {
    case 'getChatData':
      return fetchPage(host, request);
    case 'pullChatData':
      return pullChatData(host, request);
    case 'getMedia':
      return getMedia(host, request);
  }
}

function asWire(err: unknown): WireError {
  // The pool rejects with wire errors already.
  if (typeof err === 'object' && err !== null && 'kind' in err && !(err instanceof Error))
    return err as WireError;
  return toWireError(err);
}

let host: Host | undefined;

process.on('message', (message: ParentToHost) => {
  if (message.op === 'init') {
    start(message.config).then(
      (h) => {
        host = h;
        send({ type: 'ready' });
      },
      (err: unknown) => send({ type: 'init-failed', error: asWire(err) }),
    );
    return;
  }
  const request = message;
  if (!host) {
    send({ type: 'error', id: request.id, error: { kind: 'internal', message: 'host not initialised' } });
    return;
  }
  handle(host, request).then(
    (value) => send({ type: 'result', id: request.id, value }),
    (err: unknown) => send({ type: 'error', id: request.id, error: asWire(err) }),
  );
});

// The parent went away (or closed us): free the SDK and leave; nobody is left to answer.
process.on('disconnect', () => {
  host?.session.destroy();
  void host?.pool.close().finally(() => process.exit(0));
  if (!host) process.exit(0);
});
