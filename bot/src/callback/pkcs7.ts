/**
 * WeCom pads to a 32-byte block (not AES's 16), so the pad value is 1..32. Node's built-in padding only knows
 * 16-byte blocks and would reject pad values above 16; we pad and unpad ourselves.
 */
export const WECOM_BLOCK_SIZE = 32;

export function pkcs7Pad(data: Buffer, blockSize = WECOM_BLOCK_SIZE): Buffer {
  const padLength = blockSize - (data.length % blockSize);
  return Buffer.concat([data, Buffer.alloc(padLength, padLength)]);
}

/** Returns the data without its padding, or null when the padding is not well-formed PKCS#7. */
export function pkcs7Unpad(data: Buffer, blockSize = WECOM_BLOCK_SIZE): Buffer | null {
  if (data.length === 0 || data.length % blockSize !== 0) return null;
  const padLength = data[data.length - 1] ?? 0;
  if (padLength < 1 || padLength > blockSize) return null;
  // Every pad byte must carry the pad value; @wecom/crypto only looks at the last one.
  for (let i = data.length - padLength; i < data.length; i += 1) {
    if (data[i] !== padLength) return null;
  }
  return data.subarray(0, data.length - padLength);
}
