import type { Middleware } from 'koa';
import QRCode from 'qrcode';
import type { Sim } from '../sim.js';

const QR_PATH = /^\/wwpic\/qr\/([A-Za-z0-9_-]+)\.png$/;

/** Where the QR image of a contact way is served: on the simulator's own host, unlike WeCom's CDN. */
export function contactWayQrUrl(sim: Sim, configId: string): string {
  return `${sim.publicUrl}/wwpic/qr/${configId}.png`;
}

/**
 * Serves a real PNG QR code for each contact way made with scene 2, as WeCom's image host does (no access
 * token). It encodes a URL naming the code, so a scan in the sandbox shows which code it was.
 */
export function qrCodeMiddleware(sim: Sim): Middleware {
  return async (ctx, next) => {
    const match = ctx.method === 'GET' ? QR_PATH.exec(ctx.path) : null;
    if (!match) return next();
    const way = sim.state.contactWays.get(match[1]!);
    if (!way || way.scene !== 2) {
      ctx.status = 404;
      return;
    }
    ctx.type = 'image/png';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = await QRCode.toBuffer(`https://work.weixin.qq.com/ca/sim${way.config_id}`, {
      type: 'png',
      margin: 2,
      width: 430,
    });
  };
}
