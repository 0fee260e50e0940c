import koffi, { type TypeObject } from 'koffi';
import { FinanceSdkError } from './archive-errors.js';

/**
 * The Finance C SDK (libWeWorkFinanceSdk_C.so, protocol.md §7.1) bound with koffi: exactly the exported functions
 * of WeWorkFinanceSdk_C.h. Slice_t and MediaData_t stay opaque and are read only through the SDK's own helpers,
 * as the header intends, so Keeper depends on no struct layout.
 *
 * Runs only inside the finance-sdk host process and its worker threads: a crash in native code must not reach
 * the server process.
 */

const Sdk = koffi.pointer('WeWorkFinanceSdk_t', koffi.opaque());
const Slice = koffi.pointer('Slice_t', koffi.opaque());
const MediaData = koffi.pointer('MediaData_t', koffi.opaque());
// char* results are declared as plain pointers: they hold binary data (media) or text with a separate length.
const Bytes = koffi.pointer('FinanceBytes', koffi.opaque());

type Pointer = unknown;
type TypeSpec = string | TypeObject;
type AsyncCallback<T> = (err: unknown, result: T) => void;

interface NativeFunction<A extends unknown[], R> {
  (...args: A): R;
  async(...args: [...A, AsyncCallback<R>]): void;
}

interface SdkFunctions {
  NewSdk: NativeFunction<[], Pointer>;
  Init: NativeFunction<[Pointer, string, string], number>;
  GetChatData: NativeFunction<[Pointer, bigint, number, string, string, number, Pointer], number>;
  DecryptData: NativeFunction<[Buffer, string, Pointer], number>;
  GetMediaData: NativeFunction<[Pointer, string, string, string, string, number, Pointer], number>;
  DestroySdk: NativeFunction<[Pointer], void>;
  NewSlice: NativeFunction<[], Pointer>;
  FreeSlice: NativeFunction<[Pointer], void>;
  GetContentFromSlice: NativeFunction<[Pointer], Pointer>;
  GetSliceLen: NativeFunction<[Pointer], number>;
  NewMediaData: NativeFunction<[], Pointer>;
  FreeMediaData: NativeFunction<[Pointer], void>;
  GetOutIndexBuf: NativeFunction<[Pointer], Pointer>;
  GetData: NativeFunction<[Pointer], Pointer>;
  GetIndexLen: NativeFunction<[Pointer], number>;
  GetDataLen: NativeFunction<[Pointer], number>;
  IsMediaDataFinish: NativeFunction<[Pointer], number>;
}

function bind(path: string): SdkFunctions {
  const lib = koffi.load(path);
  const f = <A extends unknown[], R>(name: string, result: TypeSpec, args: TypeSpec[]) =>
    lib.func(name, result, args) as unknown as NativeFunction<A, R>;
  return {
    NewSdk: f('NewSdk', Sdk, []),
    Init: f('Init', 'int', [Sdk, 'const char *', 'const char *']),
    GetChatData: f('GetChatData', 'int', [
      Sdk,
      'unsigned long long',
      'unsigned int',
      'const char *',
      'const char *',
      'int',
      Slice,
    ]),
    DecryptData: f('DecryptData', 'int', ['const char *', 'const char *', Slice]),
    GetMediaData: f('GetMediaData', 'int', [
      Sdk,
      'const char *',
      'const char *',
      'const char *',
      'const char *',
      'int',
      MediaData,
    ]),
    DestroySdk: f('DestroySdk', 'void', [Sdk]),
    NewSlice: f('NewSlice', Slice, []),
    FreeSlice: f('FreeSlice', 'void', [Slice]),
    GetContentFromSlice: f('GetContentFromSlice', Bytes, [Slice]),
    GetSliceLen: f('GetSliceLen', 'int', [Slice]),
    NewMediaData: f('NewMediaData', MediaData, []),
    FreeMediaData: f('FreeMediaData', 'void', [MediaData]),
    GetOutIndexBuf: f('GetOutIndexBuf', Bytes, [MediaData]),
    GetData: f('GetData', Bytes, [MediaData]),
    GetIndexLen: f('GetIndexLen', 'int', [MediaData]),
    GetDataLen: f('GetDataLen', 'int', [MediaData]),
    IsMediaDataFinish: f('IsMediaDataFinish', 'int', [MediaData]),
  };
}

/** Copies `len` bytes out of native memory before the SDK frees it. */
function copyOut(ptr: Pointer, len: number): Buffer {
  if (ptr === null || len <= 0) return Buffer.alloc(0);
  return Buffer.from(new Uint8Array(koffi.view(ptr, len)));
}

/** Decodes `len` bytes of UTF-8 text out of native memory before the SDK frees it, without an interim Buffer. */
function textOut(ptr: Pointer, len: number): string {
  if (ptr === null || len <= 0) return '';
  return koffi.decode(ptr, 'char', len) as string;
}

function callAsync<A extends unknown[], R>(fn: NativeFunction<A, R>, ...args: A): Promise<R> {
  return new Promise((resolve, reject) => {
    fn.async(...args, (err: unknown, result: R) => (err ? reject(err) : resolve(result)));
  });
}

function check(code: number, operation: string): void {
  if (code !== 0) throw new FinanceSdkError(code, operation);
}

/** One chunk of GetMediaData. */
export interface MediaChunk {
  data: Buffer;
  /** The index buffer to pass to the next call. */
  nextIndex: string;
  finished: boolean;
}

/** An optional proxy for the SDK's own HTTPS connections (the official SDK's proxy and passwd arguments). */
export interface FinanceSdkProxy {
  url: string;
  password?: string;
}

/**
 * The loaded library. DecryptData needs no SDK handle, so worker threads use `decryptData` without `Init`.
 */
export class FinanceSdkLibrary {
  private readonly fns: SdkFunctions;

  constructor(path: string) {
    this.fns = bind(path);
  }

  /** NewSdk + Init; the session owns the handle until `destroy()`. */
  openSession(corpId: string, secret: string, proxy?: FinanceSdkProxy): FinanceSdkSession {
    const sdk = this.fns.NewSdk();
    if (sdk === null) throw new FinanceSdkError(10003, 'NewSdk');
    const code = this.fns.Init(sdk, corpId, secret);
    if (code !== 0) {
      this.fns.DestroySdk(sdk);
      throw new FinanceSdkError(code, 'Init');
    }
    return new FinanceSdkSession(this.fns, sdk, proxy);
  }

  /** DecryptData: the RSA-decrypted random key and `encrypt_chat_msg` → the message JSON text. Synchronous. */
  decryptData(randomKey: Buffer, encryptChatMsg: string): string {
    const slice = this.fns.NewSlice();
    try {
      // The key goes in as bytes with a terminating NUL: the SDK takes it as a C string, unchanged.
      const key = Buffer.allocUnsafe(randomKey.length + 1);
      randomKey.copy(key);
      key[randomKey.length] = 0;
      check(this.fns.DecryptData(key, encryptChatMsg, slice), 'DecryptData');
      return textOut(this.fns.GetContentFromSlice(slice), this.fns.GetSliceLen(slice));
    } finally {
      this.fns.FreeSlice(slice);
    }
  }
}

/**
 * An initialised SDK handle. Network calls run on libuv's thread pool (koffi async), so the host keeps answering
 * its parent while WeCom is slow.
 */
export class FinanceSdkSession {
  private destroyed = false;

  constructor(
    private readonly fns: SdkFunctions,
    private readonly sdk: Pointer,
    private readonly proxy: FinanceSdkProxy | undefined,
  ) {}

  /** GetChatData: the JSON text of messages with seq greater than `seq`. */
  async getChatData(seq: bigint, limit: number, timeoutSec: number): Promise<string> {
    this.assertOpen();
    const slice = this.fns.NewSlice();
    try {
      const code = await callAsync(
        this.fns.GetChatData,
        this.sdk,
        seq,
        limit,
        this.proxy?.url ?? '',
        this.proxy?.password ?? '',
        timeoutSec,
        slice,
      );
      check(code, 'GetChatData');
      return textOut(this.fns.GetContentFromSlice(slice), this.fns.GetSliceLen(slice));
    } finally {
      this.fns.FreeSlice(slice);
    }
  }

  /** One GetMediaData call: up to 512 KB from `index` ('' for the first chunk). */
  async getMediaChunk(sdkFileId: string, index: string, timeoutSec: number): Promise<MediaChunk> {
    this.assertOpen();
    const media = this.fns.NewMediaData();
    try {
      const code = await callAsync(
        this.fns.GetMediaData,
        this.sdk,
        index,
        sdkFileId,
        this.proxy?.url ?? '',
        this.proxy?.password ?? '',
        timeoutSec,
        media,
      );
      check(code, 'GetMediaData');
      return {
        data: copyOut(this.fns.GetData(media), this.fns.GetDataLen(media)),
        nextIndex: copyOut(this.fns.GetOutIndexBuf(media), this.fns.GetIndexLen(media)).toString('latin1'),
        finished: this.fns.IsMediaDataFinish(media) === 1,
      };
    } finally {
      this.fns.FreeMediaData(media);
    }
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.fns.DestroySdk(this.sdk);
  }

  private assertOpen(): void {
    if (this.destroyed) throw new Error('the Finance SDK session is closed');
  }
}
