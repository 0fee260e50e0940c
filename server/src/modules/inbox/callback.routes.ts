import Router from '@koa/router';
import type { Context } from 'koa';
import { CallbackError, CallbackErrorCode, type WeComCallbackEvent } from '@keeper/bot';
import { ErrorCode } from '@keeper/shared';
import getRawBody from 'raw-body';
import { AppError } from '../../http/app-error';
import type { KeeperState } from '../../http/context';
import type { Logger } from '../../logger';
import type { ConnectionCheckService } from '../wecom/connection-check.service';
import type { InboxDispatcher } from './inbox.dispatcher';
import type { InboxService } from './inbox.service';

export const WECOM_CALLBACK_PATH = '/wecom/callback';

/**
 * Whether a request is WeCom's rather than a person's: WeCom POSTs events, and verifies the URL with a GET
 * carrying msg_signature and echostr (protocol §2.2). A browser opening the same URL gets the console.
 */
export function isWeComCallbackRequest(ctx: Context): boolean {
  if (ctx.path !== WECOM_CALLBACK_PATH) return false;
  return ctx.method === 'POST' || ctx.query.msg_signature !== undefined || ctx.query.echostr !== undefined;
}

/**
 * The URL configured in WeCom's 接收消息 settings. GET answers the URL verification; POST stores the callback
 * in the inbox and answers 200 at once (WeCom gives 5 s), leaving the work to the dispatcher.
 */
export function callbackRoutes(deps: {
  inbox: InboxService | undefined;
  dispatcher: InboxDispatcher | undefined;
  connection: Pick<ConnectionCheckService, 'recordCallback'>;
  maxBodyBytes: number;
  logger: Logger;
  /**
   * Told of each newly stored callback before the answer, for work that cannot wait for the dispatcher (a
   * welcome code lives 20 s). Must not block: it starts its work and returns.
   */
  received?: (event: WeComCallbackEvent) => void;
}): Router<KeeperState> {
  const router = new Router<KeeperState>({ prefix: WECOM_CALLBACK_PATH });
  const requireInbox = () => {
    if (!deps.inbox) {
      throw new AppError(ErrorCode.NotConfigured, 'The WeCom callback is not configured', {
        hint: 'Set WECOM_CORP_ID, WECOM_TOKEN and WECOM_AES_KEY.',
      });
    }
    return deps.inbox;
  };

  router.get('/', async (ctx) => {
    const inbox = requireInbox();
    let echo: string;
    try {
      echo = inbox.verifyUrl(ctx.query);
    } catch (error) {
      throw rejection(error, deps.logger, ctx.ip);
    }
    await deps.connection.recordCallback('verified');
    ctx.type = 'text/plain';
    ctx.body = echo;
  });

  router.post('/', async (ctx) => {
    const inbox = requireInbox();
    const body = await readBody(ctx.req, deps.maxBodyBytes);
    let stored: boolean;
    let event: WeComCallbackEvent;
    try {
      ({ stored, event } = await inbox.receive(ctx.query, body));
    } catch (error) {
      throw rejection(error, deps.logger, ctx.ip);
    }
    if (stored) {
      deps.received?.(event);
      deps.dispatcher?.nudge();
      await deps.connection.recordCallback('received');
    }
    ctx.status = 200;
    ctx.body = '';
  });

  return router;
}

async function readBody(req: Parameters<typeof getRawBody>[0], limit: number): Promise<Buffer> {
  try {
    return await getRawBody(req, { limit });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') {
      throw new AppError(ErrorCode.PayloadTooLarge, `Callback bodies are limited to ${limit} bytes`);
    }
    throw error;
  }
}

/** A codec failure becomes a 400 naming the reason; forged input is logged with the caller's address. */
function rejection(error: unknown, logger: Logger, ip: string): unknown {
  if (!(error instanceof CallbackError)) return error;
  if (error.code === CallbackErrorCode.PayloadTooLarge)
    return new AppError(ErrorCode.PayloadTooLarge, error.message);
  logger.warn({ ip, reason: error.code }, 'rejected a WeCom callback');
  return new AppError(ErrorCode.CallbackRejected, `Callback rejected: ${error.code}`);
}
