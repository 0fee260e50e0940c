import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../logger';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';
import { MaterialStore } from './material-store';
import { MaterialsRepository } from './materials.repository';
import { MaterialsService } from './materials.service';
import { SANDBOX_AUTHOR, seedSandboxMaterials } from './sandbox-materials';

/** The simulator's sample media, as `npm start` passes them (KEEPER_SANDBOX_MEDIA_DIR). */
const SAMPLES = fileURLToPath(new URL('../../../../tests/wecom-sim/fixtures/media', import.meta.url));
const logger = createLogger({ logLevel: 'silent', env: 'test' });

describe(seedSandboxMaterials.name, () => {
  let db: TestDatabase;
  let materials: MaterialsService;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    materials = new MaterialsService({
      repository: new MaterialsRepository(db.dataSource),
      store: new MaterialStore(fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-sandbox-materials-'))),
      now: () => new Date(),
    });
  });
  afterAll(() => db.close());

  it('opens the sandbox library with real pictures, a video, links and a price list, once', async () => {
    expect(await seedSandboxMaterials(materials, SAMPLES, logger)).toBe(6);
    const library = await materials.list({ page: 1, pageSize: 20 });
    expect(library.items.map((m) => [m.kind, m.title, m.fileName])).toEqual([
      ['file', '产品价目表', '产品价目表.xlsx'],
      ['link', '老客户续费八折活动', null],
      ['link', '客守 SCRM 专业版功能介绍', '专业版封面.jpg'],
      ['video', '产品演示视频', '产品演示.mp4'],
      ['image', '数据看板示例', '数据看板示例.jpg'],
      ['image', '专业版报价单', '专业版报价单.jpg'],
    ]);
    expect(library.items.every((m) => m.createdBy === SANDBOX_AUTHOR)).toBe(true);

    // A restart adds nothing, not even what a marketer deleted meanwhile.
    await materials.remove(library.items[0]!.id);
    expect(await seedSandboxMaterials(materials, SAMPLES, logger)).toBe(0);
    expect((await materials.list({ page: 1, pageSize: 20 })).total).toBe(5);
  });
});
