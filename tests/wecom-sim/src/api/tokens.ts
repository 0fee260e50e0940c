import type { Clock } from '../corp/clock.js';
import { newAccessToken } from '../corp/ids.js';

/** The three self-built apps Keeper uses; one secret may serve several roles (one app doing both jobs). */
export type AppRole = 'contact' | 'archive' | 'agent';

/** What an API needs: `directory` is readable by the contact and agent apps, not by the archive secret. */
/** `any`: every app's token (media is shared by all apps of the corp). */
export type Scope = AppRole | 'directory' | 'any';

export interface AppIdentity {
  secret: string;
  roles: ReadonlySet<AppRole>;
}

export interface IssuedToken {
  token: string;
  secret: string;
  expiresAt: number;
}

export type TokenLookup = { ok: true; app: AppIdentity } | { ok: false; errcode: 40014 | 42001 };

export function appAllows(app: AppIdentity, scope: Scope): boolean {
  if (scope === 'any') return true;
  if (scope === 'directory') return app.roles.has('contact') || app.roles.has('agent');
  return app.roles.has(scope);
}

/** Access tokens per (corpid, secret). The sim has one corp, so per secret. */
export class TokenStore {
  private readonly apps = new Map<string, AppIdentity>();
  private readonly bySecret = new Map<string, IssuedToken>();
  private readonly byToken = new Map<string, IssuedToken>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlSec: number,
    secrets: Record<AppRole, string>,
  ) {
    for (const [role, secret] of Object.entries(secrets) as Array<[AppRole, string]>) {
      const roles = new Set(this.apps.get(secret)?.roles ?? []);
      roles.add(role);
      this.apps.set(secret, { secret, roles });
    }
  }

  app(secret: string): AppIdentity | undefined {
    return this.apps.get(secret);
  }

  /** Re-fetching within validity returns the same token (WeCom's old documented behaviour). */
  issue(secret: string): { token: string; expiresIn: number } {
    const now = this.clock.nowMs();
    const current = this.bySecret.get(secret);
    if (current && current.expiresAt > now) {
      return { token: current.token, expiresIn: Math.floor((current.expiresAt - now) / 1000) };
    }
    const issued: IssuedToken = { token: newAccessToken(), secret, expiresAt: now + this.ttlSec * 1000 };
    this.bySecret.set(secret, issued);
    this.byToken.set(issued.token, issued);
    return { token: issued.token, expiresIn: this.ttlSec };
  }

  lookup(token: string): TokenLookup {
    const issued = this.byToken.get(token);
    const app = issued && this.apps.get(issued.secret);
    if (!issued || !app) return { ok: false, errcode: 40014 };
    if (issued.expiresAt <= this.clock.nowMs()) return { ok: false, errcode: 42001 };
    return { ok: true, app };
  }

  /** Tokens still valid, for a snapshot: Keeper keeps using its cached token across a simulator restart. */
  valid(): IssuedToken[] {
    const now = this.clock.nowMs();
    return [...this.bySecret.values()].filter((t) => t.expiresAt > now).map((t) => ({ ...t }));
  }

  restore(tokens: readonly IssuedToken[]): void {
    for (const token of tokens) {
      if (!this.apps.has(token.secret)) continue; // the secret changed since: that token is void
      const issued = { ...token };
      this.bySecret.set(token.secret, issued);
      this.byToken.set(token.token, issued);
    }
  }

  /** WeCom may invalidate tokens early; every token issued so far now answers 42001. */
  expireAll(): number {
    const now = this.clock.nowMs();
    let n = 0;
    for (const t of this.byToken.values()) {
      if (t.expiresAt > now) {
        t.expiresAt = now;
        n += 1;
      }
    }
    return n;
  }
}
