import {
  ErrorCode,
  type Material,
  type MaterialInput,
  type MaterialListQuery,
  type Page,
} from '@keeper/shared';
import { AppError, notFound } from '../../http/app-error';
import type { UploadedFile } from '../../http/multipart';
import type { MaterialEntity } from './material.entity';
import { checkMaterial, cleanFileName, contentTypeOf } from './material-rules';
import type { MaterialStore } from './material-store';
import type { MaterialsRepository } from './materials.repository';

/** A material's file, ready to serve. */
export interface MaterialFile {
  path: string;
  fileName: string;
  contentType: string;
  size: number;
}

/**
 * The materials library (素材库). It is the corp's, not a department's: whoever may send campaigns
 * (broadcasts.send, checked by the routes) sees and edits all of it. Files are checked against WeCom's limits
 * before anything is stored, kept by their SHA-256, and uploaded to WeCom only when a campaign needs them
 * (MaterialMedia).
 */
export class MaterialsService {
  constructor(
    private readonly deps: {
      repository: MaterialsRepository;
      store: MaterialStore;
      now: () => Date;
    },
  ) {}

  async list(query: MaterialListQuery): Promise<Page<Material>> {
    const { items, total } = await this.deps.repository.list(query);
    return { items: items.map(present), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<Material> {
    return present(await this.live(id));
  }

  /**
   * The live materials among `ids`, for the content check: an id missing from the answer is unknown or deleted.
   */
  async forContent(ids: readonly string[]): Promise<Material[]> {
    const numeric = ids.filter((id) => /^\d{1,10}$/.test(id)).map(Number);
    return (await this.deps.repository.findLiveByIds(numeric)).map(present);
  }

  /** `file` is null for a link without a cover. `createdBy`: the name the library shows. */
  async create(input: MaterialInput, file: UploadedFile | null, createdBy: string): Promise<Material> {
    const checked = checkMaterial(input, file);
    const stored = file ? await this.deps.store.put(file.data) : undefined;
    try {
      const fileName = file ? cleanFileName(file.fileName, input.kind) : null;
      const row = await this.deps.repository.insert({
        kind: input.kind,
        ...checked,
        fileName,
        fileSize: file ? file.data.length : null,
        mimeType: fileName ? contentTypeOf(fileName) : null,
        storageKey: stored?.storageKey ?? null,
        sha256: stored?.sha256 ?? null,
        createdBy: createdBy.slice(0, 64),
      });
      return present(row);
    } catch (error) {
      // The row could not be written: a file kept for it alone must not stay behind.
      if (stored && !(await this.deps.repository.fileInUse(stored.sha256).catch(() => true))) {
        await this.deps.store.remove(stored.storageKey).catch(() => undefined);
      }
      throw error;
    }
  }

  /** Title, description and the kind's fields; the kind and the file stay. */
  async update(id: string, input: MaterialInput): Promise<Material> {
    const current = await this.live(id);
    if (input.kind !== current.kind) {
      throw new AppError(ErrorCode.ValidationFailed, 'A material keeps its kind', {
        issues: [{ path: 'kind', message: 'A material keeps its kind: add a new one instead' }],
      });
    }
    await this.deps.repository.update(current.id, checkMaterial(input, undefined));
    return present(await this.live(id));
  }

  /** Hidden from the library; campaigns that used it still send it. */
  async remove(id: string): Promise<void> {
    const current = await this.live(id);
    if (!(await this.deps.repository.softDelete(current.id, this.deps.now()))) throw notFound('Material');
  }

  /**
   * The file of a material (deleted ones too: campaigns that used it still show it). Served with a content type
   * from Keeper's own list, never the one the uploader's browser claimed.
   */
  async file(id: string): Promise<MaterialFile> {
    const row = /^\d{1,10}$/.test(id) ? await this.deps.repository.find(Number(id)) : null;
    if (!row?.storageKey || !row.fileName) throw notFound('File');
    return {
      path: this.deps.store.pathOf(row.storageKey),
      fileName: row.fileName,
      contentType: contentTypeOf(row.fileName),
      size: row.fileSize ?? 0,
    };
  }

  /** Whether the author already added a material of this title (deleted ones count): seeds go in once. */
  hasTitle(createdBy: string, title: string): Promise<boolean> {
    return this.deps.repository.hasTitle(createdBy, title);
  }

  private async live(id: string): Promise<MaterialEntity> {
    const row = /^\d{1,10}$/.test(id) ? await this.deps.repository.findLive(Number(id)) : null;
    if (!row) throw notFound('Material');
    return row;
  }
}

export function present(row: MaterialEntity): Material {
  return {
    id: String(row.id),
    kind: row.kind,
    title: row.title,
    description: row.description,
    url: row.url,
    appId: row.appId,
    page: row.page,
    fileName: row.fileName,
    fileSize: row.fileSize,
    mimeType: row.mimeType,
    previewUrl: row.storageKey ? `/api/materials/${row.id}/file` : null,
    mediaExpiresAt: row.mediaExpiresAt?.toISOString() ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
