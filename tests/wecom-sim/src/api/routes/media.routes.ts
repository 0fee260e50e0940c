import { randomBytes } from 'node:crypto';
import type { Middleware } from 'koa';
import type { TemporaryMedia } from '../../corp/media-store.js';
import type { Sim } from '../../sim.js';
import { WecomError } from '../errors.js';
import type { UploadedFile } from '../read-multipart.js';
import type { ApiContext, ApiRoute } from '../route.js';

const MB = 1024 * 1024;
/** protocol.md §13: size limits by type, and what each type accepts. */
const RULES: Record<TemporaryMedia['type'], { max: number; tooLarge: number; accepts: RegExp }> = {
  image: { max: 10 * MB, tooLarge: 40009, accepts: /\.(jpe?g|png)$/i },
  voice: { max: 2 * MB, tooLarge: 40006, accepts: /\.amr$/i },
  video: { max: 10 * MB, tooLarge: 40011, accepts: /\.mp4$/i },
  file: { max: 20 * MB, tooLarge: 40006, accepts: /./ },
};
const UPLOADIMG_MAX = 2 * MB;
const IMAGE_PATH = '/wework_admin/uploadimg/';

function uploaded(c: ApiContext): UploadedFile {
  const file = c.upload;
  if (!file) throw new WecomError(41006, 'no media part in the upload');
  if (file.bytes.length <= 5) throw new WecomError(44001);
  return file;
}

const mediaId = () => `3${randomBytes(30).toString('base64url')}`;

export const mediaRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: 'media/upload',
    scope: 'any',
    body: 'multipart',
    handle(c) {
      const type = c.query.str('type', 40004) as TemporaryMedia['type'];
      const rule = RULES[type];
      if (!rule) throw new WecomError(40004, `type ${type}`);
      const file = uploaded(c);
      if (file.bytes.length > rule.max) throw new WecomError(rule.tooLarge);
      if (!rule.accepts.test(file.filename)) throw new WecomError(type === 'image' ? 40123 : 40005);
      const media: TemporaryMedia = { ...file, mediaId: mediaId(), type, createdAt: c.sim.clock.nowSec() };
      c.sim.media.put(media);
      return { type, media_id: media.mediaId, created_at: String(media.createdAt) };
    },
  },
  {
    method: 'POST',
    path: 'media/uploadimg',
    scope: 'any',
    body: 'multipart',
    handle(c) {
      const file = uploaded(c);
      if (file.bytes.length > UPLOADIMG_MAX) throw new WecomError(40009);
      if (!RULES.image.accepts.test(file.filename)) throw new WecomError(40123);
      const name = `${randomBytes(12).toString('hex')}${file.filename.slice(file.filename.lastIndexOf('.'))}`;
      c.sim.media.putImage(name, file);
      return { url: `${c.sim.publicUrl}${IMAGE_PATH}${name}` };
    },
  },
  {
    method: 'GET',
    path: 'media/get',
    scope: 'any',
    file: true,
    handle(c) {
      const media = c.sim.media.get(c.query.str('media_id', 41006), c.sim.clock.nowSec());
      if (!media) throw new WecomError(40007);
      return { file: media };
    },
  },
];

/** Serves uploadimg's permanent image URLs (WeCom's CDN; no token). */
export function uploadedImageMiddleware(sim: Sim): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' || !ctx.path.startsWith(IMAGE_PATH)) return next();
    const image = sim.media.image(ctx.path.slice(IMAGE_PATH.length));
    if (!image) {
      ctx.status = 404;
      return;
    }
    ctx.type = image.contentType;
    ctx.body = image.bytes;
  };
}

/** Whether a mass-message image's `pic_url` is one uploadimg gave out (WeCom takes no other). */
export function isUploadedImageUrl(sim: Sim, url: string): boolean {
  return (
    url.startsWith(`${sim.publicUrl}${IMAGE_PATH}`) &&
    sim.media.image(url.slice(`${sim.publicUrl}${IMAGE_PATH}`.length)) !== undefined
  );
}
