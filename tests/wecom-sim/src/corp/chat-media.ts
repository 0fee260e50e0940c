import { MEDIA_SIZE_FIELD, md5Hex, mediaBytes } from '../finance/media-bytes.js';
import type { Rng } from './rng.js';

const SDKFILEID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Typical sizes when a scenario names none: small enough for tests, realistic enough for the demo. */
const DEFAULT_SIZE: Record<string, number> = {
  image: 48_213,
  voice: 6_144,
  video: 1_234_567,
  file: 40_960,
  emotion: 10_240,
};

/**
 * Fills in what WeCom would put into a media message (sdkfileid, md5sum, size) when a scenario leaves it out,
 * so GetMediaData can serve bytes whose md5 matches. Other msgtypes pass through unchanged.
 */
export function completeMediaBody(
  rng: Rng,
  msgtype: string,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const sizeField = MEDIA_SIZE_FIELD[msgtype];
  if (!sizeField) return body;
  const given = body[msgtype];
  const content: Record<string, unknown> = typeof given === 'object' && given !== null ? { ...given } : {};
  if (typeof content.sdkfileid !== 'string' || content.sdkfileid === '') {
    // Real sdkfileids are long base64 blobs; the length makes the IPC and C paths handle realistic sizes.
    content.sdkfileid = rng.chars(160, SDKFILEID_ALPHABET);
  }
  const size =
    typeof content[sizeField] === 'number' ? (content[sizeField] as number) : DEFAULT_SIZE[msgtype];
  content[sizeField] = size;
  if (typeof content.md5sum !== 'string') {
    content.md5sum = md5Hex(mediaBytes(msgtype, content.sdkfileid as string, size ?? 0));
  }
  if (msgtype === 'file') {
    content.filename ??= 'quote.pdf';
    content.fileext ??= 'pdf';
  }
  return { ...body, [msgtype]: content };
}
