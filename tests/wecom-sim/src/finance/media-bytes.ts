import { createCipheriv, createHash } from 'node:crypto';

/** GetMediaData hands out at most this much per call (protocol.md §7.1). */
export const MEDIA_CHUNK_BYTES = 512 * 1024;

/** What a media message's bytes start with, so a viewer recognises the format (jpg, amr, mp4…). */
const MAGIC: Record<string, Buffer> = {
  image: Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  emotion: Buffer.from('GIF89a', 'latin1'),
  voice: Buffer.from('#!AMR\n', 'latin1'),
  video: Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32]),
  file: Buffer.from('%PDF-1.4\n', 'latin1'),
};

/**
 * Deterministic fake media: a format magic followed by an AES-CTR keystream keyed by the sdkfileid, so the same
 * id always yields the same bytes (and md5) without storing them.
 */
export function mediaBytes(kind: string, sdkfileid: string, size: number): Buffer {
  const key = createHash('sha256').update(sdkfileid).digest().subarray(0, 16);
  const stream = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const bytes = Buffer.concat([stream.update(Buffer.alloc(size)), stream.final()]);
  (MAGIC[kind] ?? Buffer.alloc(0)).copy(bytes, 0, 0, Math.min(size, MAGIC[kind]?.length ?? 0));
  return bytes;
}

export function md5Hex(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** The size field each media msgtype carries (protocol.md §7.3). */
export const MEDIA_SIZE_FIELD: Record<string, string> = {
  image: 'filesize',
  voice: 'voice_size',
  video: 'filesize',
  file: 'filesize',
  emotion: 'imagesize',
};
