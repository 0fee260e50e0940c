/**
 * Why a callback was rejected. The values are stable strings for logs and metrics; each maps to the number of
 * WeCom's official crypto samples (-40001..-40011) so an operator can compare with WeCom's documentation.
 */
export const CallbackErrorCode = {
  SignatureInvalid: 'signature_invalid',
  XmlInvalid: 'xml_invalid',
  SignatureComputeFailed: 'signature_compute_failed',
  AesKeyInvalid: 'aes_key_invalid',
  ReceiveIdMismatch: 'receiveid_mismatch',
  EncryptFailed: 'encrypt_failed',
  DecryptFailed: 'decrypt_failed',
  BufferInvalid: 'buffer_invalid',
  Base64EncodeFailed: 'base64_encode_failed',
  Base64DecodeFailed: 'base64_decode_failed',
  XmlBuildFailed: 'xml_build_failed',
  /** Not in WeCom's list: the body or a parameter is larger than we accept. */
  PayloadTooLarge: 'payload_too_large',
  /** Not in WeCom's list: msg_signature, timestamp, nonce or echostr is absent. */
  ParameterMissing: 'parameter_missing',
  /** Not in WeCom's list: the optional replay-window check failed. */
  TimestampOutOfWindow: 'timestamp_out_of_window',
  /** Not in WeCom's list: the Token or receiveid given to the codec is unusable. */
  ConfigInvalid: 'config_invalid',
} as const;
export type CallbackErrorCode = (typeof CallbackErrorCode)[keyof typeof CallbackErrorCode];

/** The numbers WeCom's sample code returns, for the codes that have one. */
export const officialCallbackErrorNumber: Readonly<Partial<Record<CallbackErrorCode, number>>> = {
  signature_invalid: -40001,
  xml_invalid: -40002,
  signature_compute_failed: -40003,
  aes_key_invalid: -40004,
  receiveid_mismatch: -40005,
  encrypt_failed: -40006,
  decrypt_failed: -40007,
  buffer_invalid: -40008,
  base64_encode_failed: -40009,
  base64_decode_failed: -40010,
  xml_build_failed: -40011,
};

/**
 * Every failure of the callback codec. The message never contains the Token, the AES key or decrypted content,
 * so it is safe to log; the HTTP layer decides the status (WeCom only cares about 200 vs. anything else).
 */
export class CallbackError extends Error {
  override readonly name = 'CallbackError';
  readonly code: CallbackErrorCode;
  /** WeCom's number for this failure (-40001..-40011), when it has one. */
  readonly officialCode: number | undefined;

  constructor(code: CallbackErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.officialCode = officialCallbackErrorNumber[code];
  }
}

export function isCallbackError(value: unknown): value is CallbackError {
  return value instanceof CallbackError;
}
