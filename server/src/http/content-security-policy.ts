import helmet from 'koa-helmet';

/**
 * Where WeCom's pictures come from: member avatars and QR codes from wework.qpic.cn / rescdn.qqmail.com,
 * WeChat customers' avatars from wx.qlogo.cn (and thirdwx.qlogo.cn). WeCom hands out http:// as well as
 * https:// avatar URLs, so both schemes are allowed; browsers upgrade images on https pages anyway.
 */
export const WECOM_IMAGE_SOURCES = [
  'https://*.qpic.cn',
  'http://*.qpic.cn',
  'https://*.qlogo.cn',
  'http://*.qlogo.cn',
  'https://rescdn.qqmail.com',
];

/**
 * The console's CSP. `wecomApiBaseUrl` is also an image source: WeCom's API host serves no pictures, but the
 * sandbox's WeCom (the simulator) serves its avatars from its own address.
 */
export function contentSecurityPolicy(wecomApiBaseUrl: string) {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Element Plus positions popovers with inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...WECOM_IMAGE_SOURCES, new URL(wecomApiBaseUrl).origin],
        connectSrc: ["'self'", 'ws:', 'wss:'],
      },
    },
  });
}
