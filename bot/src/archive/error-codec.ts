import { WeComError } from '../api/wecom-error.js';
import {
  ArchiveFormatError,
  FinanceSdkError,
  MediaTooLargeError,
  RsaPaddingError,
  UnknownKeyVersionError,
} from './archive-errors.js';

/**
 * Errors as they cross the process and thread boundaries (structured clone drops class identity). Only codes and
 * fixed wording travel, never data.
 */
export type WireError =
  | { kind: 'sdk'; code: number; operation: string }
  | { kind: 'wecom'; code: number; errmsg: string; path: string }
  | { kind: 'unknown-key-version'; version: number }
  | { kind: 'rsa-padding'; message: string }
  | { kind: 'media-too-large'; maxBytes: number }
  | { kind: 'format'; message: string }
  | { kind: 'internal'; message: string };

export function toWireError(err: unknown): WireError {
  if (err instanceof FinanceSdkError) return { kind: 'sdk', code: err.code, operation: err.operation };
  if (err instanceof WeComError) return { kind: 'wecom', code: err.code, errmsg: err.errmsg, path: err.path };
  if (err instanceof UnknownKeyVersionError) return { kind: 'unknown-key-version', version: err.version };
  if (err instanceof RsaPaddingError) return { kind: 'rsa-padding', message: err.message };
  if (err instanceof MediaTooLargeError) return { kind: 'media-too-large', maxBytes: err.maxBytes };
  if (err instanceof ArchiveFormatError) return { kind: 'format', message: err.message };
  // Anything else is a bug; its name is enough to find it, and its message might quote data.
  return { kind: 'internal', message: `internal error in the Finance SDK host (${errorName(err)})` };
}

export function fromWireError(wire: WireError): Error {
  switch (wire.kind) {
    case 'sdk':
      return new FinanceSdkError(wire.code, wire.operation);
    case 'wecom':
      return new WeComError(wire.code, wire.errmsg, wire.path);
    case 'unknown-key-version':
      return new UnknownKeyVersionError(wire.version);
    case 'rsa-padding':
      return Object.assign(new RsaPaddingError(''), { message: wire.message });
    case 'media-too-large':
      return new MediaTooLargeError(wire.maxBytes);
    case 'format':
      return Object.assign(new ArchiveFormatError(''), { message: wire.message });
    case 'internal':
      return new Error(wire.message);
  }
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
