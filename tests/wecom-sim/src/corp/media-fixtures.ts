import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Real small media files (fixtures/media, made once with ImageMagick, espeak-ng + opencore-amrnb and ffmpeg), so
 * the sandbox's archive shows pictures, voice and video that open, instead of bytes that only start like them.
 */
export interface MediaFixture {
  file: string;
  msgtype: 'image' | 'voice' | 'video';
  /** Seconds, for voice and video (play_length). */
  playLength?: number;
}

export const MEDIA_FIXTURES = {
  quote: { file: 'quote.jpg', msgtype: 'image' },
  dashboard: { file: 'dashboard.jpg', msgtype: 'image' },
  voice: { file: 'voice.amr', msgtype: 'voice', playLength: 8 },
  demo: { file: 'demo.mp4', msgtype: 'video', playLength: 4 },
} as const satisfies Record<string, MediaFixture>;

export type MediaFixtureName = keyof typeof MEDIA_FIXTURES;

/** The fixture a media message of this type gets when a scenario names neither a file nor a size. */
export const DEFAULT_FIXTURE: Record<string, MediaFixtureName> = {
  image: 'quote',
  voice: 'voice',
  video: 'demo',
};

/** The package's fixtures folder, from src/corp (tests) or from dist (the built CLI). */
function fixtureDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'fixtures', 'media');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('wecom-sim: fixtures/media not found beside the package');
}

const cache = new Map<MediaFixtureName, Buffer>();

export function fixtureBytes(name: MediaFixtureName): Buffer {
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = fs.readFileSync(path.join(fixtureDir(), MEDIA_FIXTURES[name].file));
    cache.set(name, bytes);
  }
  return bytes;
}
