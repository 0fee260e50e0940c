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

interface Chunk {
  items: EncryptedChatItem[];
  resolve: (results: WireDecryptedItem[]) => void;
  reject: (error: WireError) => void;
}

interface Slot {
  worker: Worker;
  dead: boolean;
  /** Chunks posted to this thread and not answered yet, by task id. */
  running: Map<number, Chunk>;
}

/** Items a thread takes at a time: small enough that a thread sharing its core with other work never holds a page up. */
const CHUNK = 100;
/**
 * Chunks posted to a thread ahead of its answer: the next one is already in its queue when it finishes, so a
 * thread never waits for a round trip through the host's event loop.
 */
const DEPTH = 2;

/**
 * A fixed pool of decrypt threads inside the host. Pages are cut into chunks and queued first come, first
 * served: the threads take chunks as they finish, so an earlier page completes first while a later one already
 * keeps any idle thread busy. Results come back in input order. A thread that dies fails the chunks it held
 * (the caller retries the page) and is replaced.
 */
export class DecryptPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Chunk[] = [];
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
    const chunks: Promise<WireDecryptedItem[]>[] = [];
    for (let i = 0; i < items.length; i += CHUNK) {
      chunks.push(
        new Promise((resolve, reject) =>
          this.queue.push({ items: items.slice(i, i + CHUNK), resolve, reject }),
        ),
      );
    }
    this.dispatch();
    return (await Promise.all(chunks)).flat();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const chunk of this.queue.splice(0))
      chunk.reject({ kind: 'internal', message: 'the decrypt pool closed' });
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  /** Hands queued chunks to every thread with room for one more. */
  private dispatch(): void {
    for (const slot of this.slots) {
      while (!slot.dead && slot.running.size < DEPTH && this.queue.length > 0) {
        const chunk = this.queue.shift()!;
        const id = this.nextId++;
        slot.running.set(id, chunk);
        slot.worker.postMessage({ id, items: chunk.items } satisfies WorkerTask);
      }
    }
  }

  private spawn(): Slot {
    const worker = this.script.loader
      ? new Worker(bootstrap(this.script.entry, this.script.loader), { eval: true, workerData: this.init })
      : new Worker(this.script.entry, { workerData: this.init });
    const slot: Slot = { worker, dead: false, running: new Map() };
    worker.on('message', (reply: WorkerReply) => {
      const chunk = slot.running.get(reply.id);
      if (!chunk) return;
      slot.running.delete(reply.id);
      if (reply.ok) chunk.resolve(reply.results);
      else chunk.reject(reply.error);
      this.dispatch();
    });
    // 'error' is followed by 'exit': the first one fails the slot's chunks and replaces the thread.
    const fail = (reason: string) => {
      if (slot.dead) return;
      slot.dead = true;
      for (const chunk of slot.running.values()) chunk.reject({ kind: 'internal', message: reason });
      slot.running.clear();
      const i = this.slots.indexOf(slot);
      if (this.closed || i < 0) return;
      this.slots[i] = this.spawn();
      this.dispatch();
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
