import { createPublicKey, type KeyObject } from 'node:crypto';

/**
 * Keeper's RSA public keys by `publickey_ver`, as the corp admin uploads them in 会话内容存档. WeCom keeps every
 * version: a message stays encrypted with the version that was current when it was archived.
 */
export class ArchiveKeys {
  private readonly keys = new Map<number, KeyObject>();
  private current: number | undefined;

  constructor(publicKeys: Record<string, string> = {}, currentVersion?: number) {
    this.update(publicKeys, currentVersion);
  }

  /** Adds (or replaces) versions and optionally switches the current one; validates before changing anything. */
  update(publicKeys: Record<string, string>, currentVersion?: number): void {
    const parsed = Object.entries(publicKeys).map(
      ([version, pem]) => [toVersion(version), toKey(pem)] as const,
    );
    const known = new Set([...this.keys.keys(), ...parsed.map(([v]) => v)]);
    if (currentVersion !== undefined && !known.has(currentVersion)) {
      throw new Error(`no public key for version ${currentVersion}`);
    }
    for (const [version, key] of parsed) this.keys.set(version, key);
    // With a single key and no explicit choice, that key is current (the common set-up).
    this.current = currentVersion ?? this.current ?? (known.size > 0 ? Math.max(...known) : undefined);
  }

  currentVersion(): number | undefined {
    return this.current;
  }

  key(version: number): KeyObject | undefined {
    return this.keys.get(version);
  }

  /** Every version as PEM, for a snapshot. */
  pems(): Record<string, string> {
    return Object.fromEntries(
      [...this.keys].map(([version, key]) => [
        String(version),
        key.export({ type: 'spki', format: 'pem' }).toString(),
      ]),
    );
  }

  versions(): number[] {
    return [...this.keys.keys()].sort((a, b) => a - b);
  }
}

function toVersion(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`key version must be a non-negative integer, got ${text}`);
  return n;
}

function toKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'rsa') throw new Error('archive public keys must be RSA');
  return key;
}
