import { WeComClient, WeComHttp, type RateLimiter, type TokenStore, type WeComLogger } from '@keeper/bot';
import type { WeComConfig } from '../../config/config';

/** One client per configured credential, over one HTTP layer (shared token cache, rate limits, retries). */
export interface WeComClients {
  /** The customer-contact app: directory, customers, tags, groups, transfers, mass messages. */
  contact: WeComClient | undefined;
  /** The bot's app: app messages, OAuth. */
  agent: WeComClient | undefined;
  /** The chat-archive secret: msgaudit APIs. */
  archive: WeComClient | undefined;
}

export function createWeComClients(
  config: WeComConfig,
  tokenStore: TokenStore,
  logger: WeComLogger,
  /** Shared through Redis in scale-out; the HTTP layer's in-process buckets otherwise. */
  rateLimiter?: RateLimiter,
): WeComClients {
  const http = new WeComHttp({
    baseUrl: config.apiBaseUrl,
    tokenStore,
    logger,
    ...(rateLimiter ? { rateLimiter } : {}),
  });
  const corpId = config.corpId;
  const client = (secret: string | undefined, agentId?: string) =>
    corpId && secret
      ? new WeComClient({ corpId, secret, ...(agentId ? { agentId: Number(agentId) } : {}) }, http)
      : undefined;
  return {
    contact: client(config.contactSecret),
    agent: client(config.agent?.secret, config.agent?.agentId),
    archive: client(config.archiveSecret),
  };
}
