import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EncryptedChatItem } from './chat-data.js';
import type { WireError } from './error-codec.js';
import type { WireDecryptedItem, WorkerInit, WorkerReply, WorkerTask } from './host-protocol.js';

/** The worker script, and optionally a loader module to register first (see FinanceSdkEntries.workerLoader). */
export interface WorkerScript {
  entry: string;
  loader?: string;
}

interface Slot {
  worker: Worker;
  dead: boolean;
  tasks: Map<number, { resolve: (r: WireDecryptedItem[]) => void; reject: (e: WireError) => void }>;
}

/** Items a thread takes at a time: small enough that a thread sharing its core with other work never holds a page up. */
const CHUNK = 100;

/**
 * A fixed pool of decrypt threads inside the host. A page is cut into chunks that the threads take one after
 * another as they finish, and the results are put back in order. A thread that dies fails the page (retried
 * by the caller) and is replaced.
 */
export class DecryptPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly script: WorkerScript,
    private readonly init: WorkerInit,
    size: number,
  ) {
    for (let i = 0; i < Math.max(1, size); i++) this.slots.push(this.spawn());
  }

  async decrypt(items: EncryptedChatItem[]): Promise<WireDecryptedItem[]> {
    if (items.length === 0) return [];
    const chunks: EncryptedChatItem[][] = [];
    for (let i = 0; i < items.length; i += CHUNK) chunks.push(items.slice(i, i + CHUNK));
    const results: WireDecryptedItem[][] = new Array(chunks.length);
    let next = 0;
    const lane = async (slot: number) => {
      while (next < chunks.length) {
        const mine = next++;
        results[mine] = await this.run(slot, chunks[mine]!);
      }
    };
    await Promise.all(this.slots.map((_, slot) => lane(slot)));
    return results.flat();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private run(index: number, items: EncryptedChatItem[]): Promise<WireDecryptedItem[]> {
    const slot = this.slots[index % this.slots.length] as Slot;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.tasks.set(id, { resolve, reject });
      slot.worker.postMessage({ id, items } satisfies WorkerTask);
    });
  }

  private spawn(): Slot {
    const worker = this.script.loader
      ? new Worker(bootstrap(this.script.entry, this.script.loader), { eval: true, workerData: this.init })
      : new Worker(this.script.entry, { workerData: this.init });
    const slot: Slot = { worker, dead: false, tasks: new Map() };
    worker.on('message', (reply: WorkerReply) => {
      const task = slot.tasks.get(reply.id);
      if (!task) return;
      slot.tasks.delete(reply.id);
      if (reply.ok) task.resolve(reply.results);
      else task.reject(reply.error);
    });
    // 'error' is followed by 'exit': the first one fails the slot's tasks and replaces the thread.
    const fail = (reason: string) => {
      if (slot.dead) return;
      slot.dead = true;
      for (const task of slot.tasks.values()) task.reject({ kind: 'internal', message: reason });
      slot.tasks.clear();
      const i = this.slots.indexOf(slot);
      if (!this.closed && i >= 0) this.slots[i] = this.spawn();
    };
    // Only the error's name: a worker's message could in principle quote what it was working on.
    worker.on('error', (err) => fail(`a decrypt thread failed (${err.name})`));
    worker.on('exit', (code) => fail(`a decrypt thread exited with code ${code}`));
    return slot;
  }
}

/** An ES module that registers the loader, then imports the worker (resolved from here, where the loader lives). */
function bootstrap(entry: string, loader: string): string {
  const loaderUrl = import.meta.resolve(loader);
  const entryUrl = pathToFileURL(entry).href;
  return `const loader = await import(${JSON.stringify(loaderUrl)}); loader.register(); await import(${JSON.stringify(entryUrl)});`;
}
