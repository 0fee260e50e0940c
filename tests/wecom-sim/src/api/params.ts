import { WecomError } from './errors.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/**
 * Typed reads of a request's fields. A missing required field answers the code WeCom uses for it
 * (41009 userid, 41035 external userid, otherwise 40058); a field of the wrong type answers 40058.
 */
export class Params {
  constructor(private readonly source: Readonly<Record<string, unknown>>) {}

  has(name: string): boolean {
    const v = this.source[name];
    return v !== undefined && v !== null && v !== '';
  }

  str(name: string, missingCode = 40058): string {
    const v = this.optStr(name);
    if (v === undefined || v === '') throw new WecomError(missingCode, `missing ${name}`);
    return v;
  }

  optStr(name: string, maxChars?: number): string | undefined {
    const v = this.source[name];
    if (v === undefined || v === null) return undefined;
    // Query strings and sloppy clients send numbers as strings and vice versa; WeCom accepts both.
    if (typeof v !== 'string' && typeof v !== 'number')
      throw new WecomError(40058, `${name} must be a string`);
    const s = String(v);
    if (maxChars !== undefined && [...s].length > maxChars)
      throw new WecomError(40058, `${name} exceeds ${maxChars} characters`);
    return s;
  }

  int(name: string, fallback?: number): number {
    const v = this.source[name];
    if (v === undefined || v === null || v === '') {
      if (fallback === undefined) throw new WecomError(40058, `missing ${name}`);
      return fallback;
    }
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n)) throw new WecomError(40058, `${name} must be an integer`);
    return n;
  }

  bool(name: string): boolean {
    const v = this.source[name];
    return v === true || v === 1 || v === 'true' || v === '1';
  }

  strList(name: string, options: { max?: number; required?: boolean; missingCode?: number } = {}): string[] {
    const v = this.source[name];
    if (v === undefined || v === null) {
      if (options.required) throw new WecomError(options.missingCode ?? 40058, `missing ${name}`);
      return [];
    }
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' || typeof x === 'number')) {
      throw new WecomError(40058, `${name} must be a list of strings`);
    }
    const list = v.map(String);
    if (options.required && list.length === 0)
      throw new WecomError(options.missingCode ?? 40058, `empty ${name}`);
    if (options.max !== undefined && list.length > options.max) {
      throw new WecomError(40058, `${name} exceeds ${options.max} items`);
    }
    return list;
  }

  obj(name: string): Params | undefined {
    const v = this.source[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw new WecomError(40058, `${name} must be an object`);
    return new Params(v as Record<string, unknown>);
  }

  list(name: string, max?: number): unknown[] {
    const v = this.source[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new WecomError(40058, `${name} must be a list`);
    if (max !== undefined && v.length > max) throw new WecomError(40058, `${name} exceeds ${max} items`);
    return v;
  }

  raw(name: string): unknown {
    return this.source[name];
  }
}

/** Opaque-looking offset cursors; WeCom's cursors are opaque too, and callers must only pass them back. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`sim:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^sim:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new WecomError(40058, 'invalid cursor');
  return Number(m[1]);
}

export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
