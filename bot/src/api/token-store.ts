/** A cached access token. `expiresAt` (epoch ms) is when Keeper stops using it: WeCom's expiry minus a margin. */
export interface CachedToken {
  readonly token: string;
  readonly expiresAt: number;
}

/**
 * Where access tokens are cached, keyed per (corpid, secret). The server implements it with the database or Redis
 * so that every process shares one token per secret (WeCom issues one token per secret; fetching it on every
 * process start wastes the gettoken quota). Keys never contain the secret itself.
 */
export interface TokenStore {
  get(key: string): Promise<CachedToken | null>;
  set(key: string, value: CachedToken, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The single-process store: enough for the embedded mode and for tests. */
export class InMemoryTokenStore implements TokenStore {
  private readonly entries = new Map<string, { value: CachedToken; evictAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<CachedToken | null> {
    const entry = this.entries.get(key);
    if (entry === undefined) return null;
    if (entry.evictAt <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  async set(key: string, value: CachedToken, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, evictAt: this.now() + ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
