import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger, type WeComLogger } from '../api/logger.js';
import { FinanceSdkHostError } from './archive-errors.js';
import type { EncryptedChatItem } from './chat-data.js';
import { parseDecryptedItem } from './decrypt-item.js';
import { fromWireError } from './error-codec.js';
import type { FinanceSdkProxy } from './finance-sdk-binding.js';
import type { FinanceSdkEntries } from './finance-sdk-entries.js';
import type {
  ChatDataPage,
  DecryptedChatItem,
  HostConfig,
  HostRequest,
  HostToParent,
  ParentToHost,
  WireDecryptedItem,
} from './host-protocol.js';
import { DEFAULT_RESTART_BACKOFF, restartDelayMs, type RestartBackoff } from './restart-backoff.js';
import type { ArchivePrivateKeys } from './rsa.js';

export interface FinanceSdkClientOptions {
  /** The Finance SDK: WECOM_FINANCE_SDK_PATH (libWeWorkFinanceSdk_C.so) or the test double. */
  libraryPath: string;
  corpId: string;
  /** The archive (会话内容存档) secret. */
  secret: string;
  /** Every archive private key (PEM) by publickey_ver, old ones included. */
  privateKeys: ArchivePrivateKeys;
  /** Where the host process and its worker start; see FinanceSdkEntries. */
  entries: FinanceSdkEntries;
  /** Extra environment for the host process (the double reads FINANCE_SDK_DOUBLE_ENDPOINT). */
  env?: Readonly<Record<string, string>>;
  proxy?: FinanceSdkProxy;
  /** Decrypt threads in the host; default the number of CPUs. */
  decryptThreads?: number;
  /** The SDK's own timeout argument of GetChatData and GetMediaData (seconds). Default 10. */
  sdkTimeoutSec?: number;
  /**
   * No answer (or, for media, no new chunk) within this long means the native library hangs: the host is killed
   * and restarted. Default 60 s; must exceed the SDK timeout.
   */
  requestTimeoutMs?: number;
  /** Loading the library, Init and the worker threads must finish within this. Default 20 s. */
  startTimeoutMs?: number;
  restartBackoff?: RestartBackoff;
  /** Largest media file getMedia returns unless told otherwise. Default 100 MiB. */
  maxMediaBytes?: number;
  logger?: WeComLogger;
}

export interface GetMediaOptions {
  maxBytes?: number;
  timeoutSec?: number;
  /** Called with each chunk as it arrives (≤ 512 KB), e.g. to write it to disk. */
  onChunk?: (chunk: Buffer) => void;
}

/** pullChatData's two answers. */
export interface PulledChatData {
  /** How many items GetChatData returned and the last seq: where the next page starts. */
  page: Promise<ChatDataPage>;
  /** Those items after RSA + DecryptData, in order; rejects with the page's error when the fetch failed. */
  decrypted: Promise<DecryptedChatItem[]>;
}

interface Pending {
  /** What is awaited, for the timeout's message. */
  op: string;
  host: ChildProcess;
  timeoutMs: number;
  timer: NodeJS.Timeout | undefined;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  onChunk?: (chunk: Buffer) => void;
}

type RequestBody = HostRequest extends infer R ? (R extends HostRequest ? Omit<R, 'id'> : never) : never;

/**
 * The server side of the chat-archive source: runs the Finance SDK in a supervised child process (native crashes
 * and hangs cannot take the server down), restarts it with backoff, and fails the calls in flight with a
 * retryable FinanceSdkHostError when it dies. One client per corp; callers serialise paging themselves.
 */
export class FinanceSdkClient {
  private readonly logger: WeComLogger;
  private readonly sdkTimeoutSec: number;
  private readonly requestTimeoutMs: number;
  private readonly startTimeoutMs: number;
  private readonly backoff: RestartBackoff;
  private readonly pending = new Map<number, Pending>();
  private readonly stopStarting = new AbortController();
  private nextId = 1;
  private host: ChildProcess | undefined;
  private starting: Promise<ChildProcess> | undefined;
  private failures = 0;
  private nextStartAt = 0;
  private restartCount = 0;
  private closed = false;

  constructor(private readonly options: FinanceSdkClientOptions) {
    this.logger = options.logger ?? silentLogger;
    this.sdkTimeoutSec = options.sdkTimeoutSec ?? 10;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 20_000;
    this.backoff = options.restartBackoff ?? DEFAULT_RESTART_BACKOFF;
    if (this.requestTimeoutMs <= this.sdkTimeoutSec * 1000) {
      throw new Error('requestTimeoutMs must exceed the SDK timeout (sdkTimeoutSec)');
    }
  }

  /** How many times the host was restarted after dying or hanging. */
  get restarts(): number {
    return this.restartCount;
  }

  /** The host's process id while one runs. */
  get pid(): number | undefined {
    return this.host?.pid;
  }

  /** GetChatData: encrypted messages with seq greater than `seq` (the checkpoint), at most `limit` (≤ 1000). */
  async getChatData(
    seq: string | bigint,
    limit = 1000,
    options: { timeoutSec?: number } = {},
  ): Promise<EncryptedChatItem[]> {
    const page = chatDataPage(seq, limit);
    const timeoutSec = options.timeoutSec ?? this.sdkTimeoutSec;
    return (await this.request(
      { op: 'getChatData', ...page, timeoutSec },
      this.timeoutFor(timeoutSec),
    )) as EncryptedChatItem[];
  }

  /**
   * getChatData then decrypt, inside the host: the ciphertext never travels to this process and back. `page`
   * settles as soon as WeCom answered, so the caller can ask for the next page while this one is decrypted.
   */
  pullChatData(seq: string | bigint, limit = 1000, options: { timeoutSec?: number } = {}): PulledChatData {
    const page = chatDataPage(seq, limit);
    const timeoutSec = options.timeoutSec ?? this.sdkTimeoutSec;
    const sent = this.ready().then((host) => {
      const decrypted = this.expect(
        'pullChatData (decryption)',
        host,
        this.timeoutFor(timeoutSec) + this.requestTimeoutMs,
      );
      const fetched = this.expect('pullChatData', host, this.timeoutFor(timeoutSec));
      this.send(host, { op: 'pullChatData', id: fetched.id, decryptId: decrypted.id, ...page, timeoutSec }, [
        fetched.id,
        decrypted.id,
      ]);
      return { fetched: fetched.reply, decrypted: decrypted.reply };
    });
    const decrypted = sent
      .then((replies) => replies.decrypted)
      .then((wire) => (wire as WireDecryptedItem[]).map(parseDecryptedItem));
    // The caller may stop after a failed page and never look at this one: no unhandled rejection meanwhile.
    decrypted.catch(() => undefined);
    return { page: sent.then((replies) => replies.fetched) as Promise<ChatDataPage>, decrypted };
  }

  /** GetMediaData looped until finished. Rejects with MediaTooLargeError beyond `maxBytes`. */
  async getMedia(sdkFileId: string, options: GetMediaOptions = {}): Promise<Buffer> {
    if (sdkFileId === '') throw new RangeError('sdkFileId is required');
    const chunks: Buffer[] = [];
    const timeoutSec = options.timeoutSec ?? this.sdkTimeoutSec;
    await this.request(
      {
        op: 'getMedia',
        sdkFileId,
        maxBytes: options.maxBytes ?? this.options.maxMediaBytes ?? 100 * 1024 * 1024,
        timeoutSec,
      },
      this.timeoutFor(timeoutSec),
      (chunk) => {
        chunks.push(chunk);
        options.onChunk?.(chunk);
      },
    );
    return Buffer.concat(chunks);
  }

  /** Stops the host (it frees the SDK handle) and fails whatever is still waiting. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopStarting.abort();
    this.failAll(new FinanceSdkHostError('closed', 'the Finance SDK client was closed'));
    const host = this.host ?? (await this.starting?.catch(() => undefined));
    this.host = undefined;
    if (host) await stopProcess(host);
  }

  private timeoutFor(sdkTimeoutSec: number): number {
    return Math.max(this.requestTimeoutMs, sdkTimeoutSec * 1000 + 5_000);
  }

  private async request(
    body: RequestBody,
    timeoutMs: number,
    onChunk?: (c: Buffer) => void,
  ): Promise<unknown> {
    const host = await this.ready();
    const { id, reply } = this.expect(body.op, host, timeoutMs, onChunk);
    this.send(host, { ...body, id } as HostRequest, [id]);
    return reply;
  }

  /** Registers an answer the host will send under a new id, failed by the timeout or the host's death. */
  private expect(
    op: string,
    host: ChildProcess,
    timeoutMs: number,
    onChunk?: (c: Buffer) => void,
  ): { id: number; reply: Promise<unknown> } {
    const id = this.nextId++;
    const reply = new Promise((resolve, reject) => {
      const pending: Pending = { op, host, timeoutMs, timer: undefined, resolve, reject };
      if (onChunk) pending.onChunk = onChunk;
      this.pending.set(id, pending);
      this.arm(id, pending);
    });
    return { id, reply };
  }

  private send(host: ChildProcess, request: HostRequest, ids: number[]): void {
    host.send(request satisfies ParentToHost, (err) => {
      if (!err) return;
      for (const id of ids)
        this.settle(id, new FinanceSdkHostError('crashed', 'the Finance SDK host is gone'));
    });
  }

  private arm(id: number, pending: Pending): void {
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => {
      this.settle(
        id,
        new FinanceSdkHostError(
          'timeout',
          `the Finance SDK host did not answer ${pending.op} in ${pending.timeoutMs} ms`,
        ),
      );
      // A native call cannot be cancelled: the only cure for a hang is a new process.
      this.logger.warn(
        { op: pending.op, timeoutMs: pending.timeoutMs },
        'Finance SDK host hangs; replacing it',
      );
      this.replace(pending.host, 'it hung');
      pending.host.kill('SIGKILL');
    }, pending.timeoutMs);
  }

  private settle(id: number, outcome: Error | { value: unknown }): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome.value);
  }

  private failAll(err: Error, host?: ChildProcess): void {
    for (const [id, pending] of this.pending) if (!host || pending.host === host) this.settle(id, err);
  }

  private ready(): Promise<ChildProcess> {
    if (this.closed)
      return Promise.reject(new FinanceSdkHostError('closed', 'the Finance SDK client was closed'));
    if (this.host) return Promise.resolve(this.host);
    return this.starting ?? this.start();
  }

  private start(): Promise<ChildProcess> {
    const starting: Promise<ChildProcess> = this.spawn().then(
      (host) => {
        this.starting = undefined;
        return host;
      },
      (err: unknown) => {
        if (this.starting === starting) this.starting = undefined;
        this.noteFailure();
        throw err;
      },
    );
    // A restart nobody waits for yet must not become an unhandled rejection; callers still see the error.
    starting.catch(() => undefined);
    this.starting = starting;
    return starting;
  }

  private noteFailure(): void {
    this.failures += 1;
    this.nextStartAt = Date.now() + restartDelayMs(this.backoff, this.failures);
  }

  private async spawn(): Promise<ChildProcess> {
    const wait = this.nextStartAt - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal: this.stopStarting.signal }).catch(() => undefined);
    if (this.closed) throw new FinanceSdkHostError('closed', 'the Finance SDK client was closed');
    const { entries } = this.options;
    const host = fork(entries.hostEntry, [], {
      execArgv: entries.execArgv,
      env: { ...process.env, ...this.options.env },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    try {
      await this.initialise(host);
    } catch (err) {
      host.kill('SIGKILL');
      throw err;
    }
    if (this.closed) {
      await stopProcess(host);
      throw new FinanceSdkHostError('closed', 'the Finance SDK client was closed');
    }
    this.host = host;
    host.on('message', (message: HostToParent) => this.onMessage(message));
    host.once('exit', (code, signal) => this.onExit(host, code, signal));
    this.logger.info({ pid: host.pid, restarts: this.restartCount }, 'Finance SDK host started');
    return host;
  }

  private initialise(host: ChildProcess): Promise<void> {
    const config: HostConfig = {
      libraryPath: this.options.libraryPath,
      workerEntry: this.options.entries.workerEntry,
      ...(this.options.entries.workerLoader ? { workerLoader: this.options.entries.workerLoader } : {}),
      corpId: this.options.corpId,
      secret: this.options.secret,
      privateKeys: Object.fromEntries(Object.entries(this.options.privateKeys)),
      decryptThreads: this.options.decryptThreads ?? availableParallelism(),
      ...(this.options.proxy ? { proxy: this.options.proxy } : {}),
    };
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer);
        host.off('message', onMessage);
        host.off('exit', onExit);
        host.off('error', onError);
        if (err) reject(err);
        else resolve();
      };
      const onMessage = (message: HostToParent) => {
        if (message.type === 'ready') done();
        else if (message.type === 'init-failed') done(fromWireError(message.error));
      };
      const onExit = (code: number | null, signal: string | null) =>
        done(
          new FinanceSdkHostError(
            'start-failed',
            `the Finance SDK host exited while starting (${code ?? signal})`,
          ),
        );
      const onError = (err: Error) =>
        done(new FinanceSdkHostError('start-failed', `cannot start the host: ${err.message}`));
      const timer = setTimeout(
        () =>
          done(
            new FinanceSdkHostError(
              'start-failed',
              `the Finance SDK host did not start in ${this.startTimeoutMs} ms`,
            ),
          ),
        this.startTimeoutMs,
      );
      host.on('message', onMessage);
      host.once('exit', onExit);
      host.once('error', onError);
      host.send({ op: 'init', config } satisfies ParentToHost);
    });
  }

  private onMessage(message: HostToParent): void {
    switch (message.type) {
      case 'result':
        this.failures = 0;
        this.settle(message.id, { value: message.value });
        return;
      case 'error':
        this.settle(message.id, fromWireError(message.error));
        return;
      case 'chunk': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.arm(message.id, pending);
        pending.onChunk?.(Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength));
        return;
      }
      case 'ready':
      case 'init-failed':
        return;
    }
  }

  private onExit(host: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    this.replace(host, signal ? `signal ${signal}` : `code ${code}`);
  }

  /**
   * Takes a dead or hung host out of service at once (no new call may reach it), fails its calls as retryable and
   * starts the next one after the backoff: eagerly, so the puller finds it warm.
   */
  private replace(host: ChildProcess, why: string): void {
    if (this.host !== host) return;
    this.host = undefined;
    if (this.closed) return;
    this.failAll(new FinanceSdkHostError('crashed', `the Finance SDK host died (${why})`), host);
    this.restartCount += 1;
    this.noteFailure();
    this.logger.warn({ why, restarts: this.restartCount }, 'Finance SDK host replaced');
    this.start();
  }
}

/** Checks GetChatData's arguments before they cross to the host. */
function chatDataPage(seq: string | bigint, limit: number): { seq: string; limit: number } {
  const text = String(seq);
  if (!/^\d+$/.test(text) || BigInt(text) >= 2n ** 64n) throw new RangeError('seq must be a uint64');
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  return { seq: text, limit };
}

/** Asks the host to leave (it frees the SDK), then insists. */
async function stopProcess(host: ChildProcess): Promise<void> {
  if (host.exitCode !== null || host.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => host.once('exit', () => resolve()));
  if (host.connected) host.disconnect();
  const timer = setTimeout(() => host.kill('SIGKILL'), 2_000);
  await exited;
  clearTimeout(timer);
}
