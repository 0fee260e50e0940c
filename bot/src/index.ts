// @keeper/bot — everything that speaks WeCom. Named exports only; internals stay unexported.

// Callback codec (protocol.md §2)
export {
  CallbackError,
  CallbackErrorCode,
  isCallbackError,
  officialCallbackErrorNumber,
} from './callback/callback-error';
export {
  buildTextReplyXml,
  CallbackCodec,
  type CallbackCodecOptions,
  type CallbackQuery,
  type DecryptedCallback,
  type EncryptReplyOptions,
  type TextReply,
} from './callback/callback-codec';
export { decryptMessage, encryptMessage, type DecryptedMessage } from './callback/message-crypto';
export { computeSignature, isSignatureValid } from './callback/signature';
export { assertTimestampWithinWindow } from './callback/replay-window';
export {
  DEFAULT_MAX_XML_BYTES,
  parseWeComXml,
  type ParseXmlOptions,
  type XmlObject,
  type XmlValue,
} from './callback/callback-xml';

// Event model (protocol.md §3)
export type * from './events/event-types';
export { parseCallbackMessage, toCallbackEvent } from './events/parse-callback-message';
export { dedupeKey } from './events/dedupe-key';

// API client (protocol.md §§1, 4–8)
export { WeComClient, type CallOptions } from './api/wecom-client';
export {
  tokenKey,
  WeComHttp,
  type QueryValue,
  type WeComCredential,
  type WeComHttpOptions,
  type WeComReply,
  type WeComRequest,
  type WeComUpload,
} from './api/wecom-http';
export { hintFor, WeComError, WeComNetworkError, type WeComNetworkErrorKind } from './api/wecom-error';
export { InMemoryTokenStore, type CachedToken, type TokenStore } from './api/token-store';
export {
  DEFAULT_RATE_LIMIT,
  TokenBucketRateLimiter,
  unlimitedRateLimiter,
  type RateLimit,
  type RateLimiter,
  type TokenBucketRateLimiterOptions,
} from './api/rate-limiter';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './api/backoff';
export { silentLogger, type WeComLogger } from './api/logger';
export type * from './api/types/directory';
export type * from './api/types/external-contact';
export type * from './api/types/contact-way';
export type * from './api/types/transfer';
export type * from './api/types/mass-message';
export type * from './api/types/msgaudit';
export type * from './api/types/app-message';
export type * from './api/types/auth';
export type * from './api/types/media';

// Chat archive source (protocol.md §7): the Finance SDK in a supervised child process, RSA key ring, normalisation
export {
  ArchiveFormatError,
  FINANCE_SDK_RETURN_CODES,
  FinanceSdkError,
  FinanceSdkHostError,
  isRetryableSdkCode,
  MediaTooLargeError,
  RsaPaddingError,
  UnknownKeyVersionError,
  type FinanceSdkHostFailure,
} from './archive/archive-errors';
export { ArchiveKeyRing, rsaDecryptPkcs1v15, type ArchivePrivateKeys } from './archive/rsa';
export { GET_CHAT_DATA_PATH, parseChatDataReply, type EncryptedChatItem } from './archive/chat-data';
export {
  FinanceSdkClient,
  type FinanceSdkClientOptions,
  type GetMediaOptions,
  type PulledChatData,
} from './archive/finance-sdk-client';
export { sourceFinanceSdkEntries, type FinanceSdkEntries } from './archive/finance-sdk-entries';
export type { FinanceSdkProxy } from './archive/finance-sdk-binding';
export type { ChatDataPage, DecryptedChatItem } from './archive/host-protocol';
export { DEFAULT_RESTART_BACKOFF, type RestartBackoff } from './archive/restart-backoff';
export { normalizeArchiveMessage } from './archive/normalize-message';
export type { ArchiveAction, NormalizedArchiveMessage } from './archive/archive-message';
