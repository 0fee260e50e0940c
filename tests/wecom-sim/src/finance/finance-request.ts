import type { IncomingMessage } from 'node:http';
import type { Sim } from '../sim.js';
import { WecomError } from '../api/errors.js';

const LIMIT = 64 * 1024;

export interface FinanceRequest {
  /** The raw text, for fields that may exceed 2^53 (seq). */
  text: string;
  json: Record<string, unknown>;
}

/** Reads the double's small JSON request; anything malformed is 40058, as WeCom answers bad parameters. */
export async function readFinanceRequest(req: IncomingMessage): Promise<FinanceRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > LIMIT) throw new WecomError(40058, 'request body too large');
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WecomError(40058, 'invalid json');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new WecomError(40058, 'json must be an object');
  }
  return { text, json: json as Record<string, unknown> };
}

/**
 * The checks WeCom makes before serving archive data to the SDK: the corp, the archive secret, the corp switches.
 * Secret mismatches use the gettoken codes (41004 missing, 40001 wrong) since the SDK authenticates with it.
 */
export function authorizeFinance(sim: Sim, json: Record<string, unknown>): void {
  if (sim.faults.connection.ipNotTrusted) throw new WecomError(60020);
  if (json.corpid !== sim.config.corpId) throw new WecomError(40013);
  const secret = json.secret;
  if (typeof secret !== 'string' || secret === '') throw new WecomError(41004);
  if (secret !== sim.config.secrets.archive || sim.faults.connection.rejectedSecrets.includes('archive')) {
    throw new WecomError(40001);
  }
  if (sim.faults.connection.archiveNotEnabled) throw new WecomError(301053);
}
