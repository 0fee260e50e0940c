/**
 * A worker thread of `pnpm bench archive`: RSA-2048 PKCS#1 v1.5 private decryptions, the way Keeper does them
 * (`rsaDecryptPkcs1v15`: RSA_NO_PADDING, then the type-2 padding removed in JS), for a fixed time.
 */
import { constants, createPrivateKey, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { rsaDecryptPkcs1v15 } from '@keeper/bot';

export interface RsaWorkerInit {
  privatePem: string;
  publicPem: string;
  seconds: number;
}

export type RsaWorkerReply = { type: 'ready' } | { type: 'done'; ops: number; ms: number };

const init = workerData as RsaWorkerInit;
const port = parentPort;
if (!port) throw new Error('rsa-worker must run as a worker thread');
const privateKey = createPrivateKey(init.privatePem);
const publicKey = createPublicKey(init.publicPem);
// 32-character random keys, as WeCom's encrypt_random_key carries them.
const plaintexts = Array.from({ length: 64 }, () => Buffer.from(randomBytes(24).toString('base64')));
const ciphertexts = plaintexts.map((plain) =>
  publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, plain),
);
for (const [i, ciphertext] of ciphertexts.entries()) {
  if (!rsaDecryptPkcs1v15(privateKey, ciphertext).equals(plaintexts[i]!))
    throw new Error('RSA round trip failed');
}
port.postMessage({ type: 'ready' } satisfies RsaWorkerReply);
port.once('message', () => {
  const started = performance.now();
  const deadline = started + init.seconds * 1000;
  let ops = 0;
  while (performance.now() < deadline) {
    for (let i = 0; i < 16; i++) rsaDecryptPkcs1v15(privateKey, ciphertexts[ops++ % ciphertexts.length]!);
  }
  port.postMessage({ type: 'done', ops, ms: performance.now() - started } satisfies RsaWorkerReply);
});
