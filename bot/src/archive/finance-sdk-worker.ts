import { parentPort, workerData } from 'node:worker_threads';
import { decryptItem } from './decrypt-item.js';
import { toWireError } from './error-codec.js';
import { FinanceSdkLibrary } from './finance-sdk-binding.js';
import type { WorkerInit, WorkerReply, WorkerTask } from './host-protocol.js';
import { ArchiveKeyRing } from './rsa.js';

/**
 * Entry of a decrypt worker thread inside the finance-sdk host. Each thread loads koffi, the library and the key
 * ring itself: RSA private decryption is the CPU cost of archiving (one per message), so pages are split over as
 * many threads as there are cores. The server build must emit this file as its own entry.
 */
const init = workerData as WorkerInit;
const keys = new ArchiveKeyRing(init.privateKeys);
const sdk = new FinanceSdkLibrary(init.libraryPath);
const port = parentPort;
if (!port) throw new Error('finance-sdk-worker must run as a worker thread');

port.on('message', (task: WorkerTask) => {
  let reply: WorkerReply;
  try {
    reply = { id: task.id, ok: true, results: task.items.map((item) => decryptItem(keys, sdk, item)) };
  } catch (err) {
    reply = { id: task.id, ok: false, error: toWireError(err) };
  }
  port.postMessage(reply);
});
