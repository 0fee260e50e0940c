import type { IncomingMessage } from 'node:http';
import { WecomError } from './errors.js';

const LIMIT = 2 * 1024 * 1024;

/**
 * Reads the body as JSON whatever the content-type says, as WeCom does (many clients send none). Bad JSON or a
 * non-object answers 40058.
 */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > LIMIT) throw new WecomError(40058, 'request body too large');
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WecomError(40058, 'invalid json');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new WecomError(40058, 'json must be an object');
  return parsed as Record<string, unknown>;
}
