import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const STORAGE_KEY = /^[0-9a-f]{2}\/[0-9a-f]{64}$/;

/**
 * The materials library's files on disk, named by their SHA-256 (the same file uploaded twice is kept once).
 * A file appears whole or not at all: it is written to a temporary name, flushed, then renamed into place.
 * Files stay when their material is deleted: campaigns that used it may still need to upload it again.
 */
export class MaterialStore {
  constructor(private readonly directory: string) {}

  async put(data: Buffer): Promise<{ sha256: string; storageKey: string }> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const storageKey = `${sha256.slice(0, 2)}/${sha256}`;
    const target = this.pathOf(storageKey);
    if (await exists(target)) return { sha256, storageKey };
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.part`;
    try {
      const handle = await fs.open(temporary, 'wx');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temporary, target);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
    return { sha256, storageKey };
  }

  read(storageKey: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(storageKey));
  }

  /** Removes a file no material refers to (a material whose row could not be written). */
  async remove(storageKey: string): Promise<void> {
    await fs.rm(this.pathOf(storageKey), { force: true });
  }

  /** Where a stored file is; keys come from the database, and are checked so none can point elsewhere. */
  pathOf(storageKey: string): string {
    if (!STORAGE_KEY.test(storageKey)) throw new Error(`not a material storage key: ${storageKey}`);
    return path.join(this.directory, storageKey);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
