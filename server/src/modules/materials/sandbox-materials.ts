import fs from 'node:fs/promises';
import path from 'node:path';
import type { MaterialInput } from '@keeper/shared';
import ExcelJS from 'exceljs';
import type { UploadedFile } from '../../http/multipart';
import type { Logger } from '../../logger';
import type { MaterialsService } from './materials.service';

/** Who the library says added the examples. */
export const SANDBOX_AUTHOR = '客守示例';

interface Sample {
  input: MaterialInput;
  /** A file of the sandbox's sample media (the simulator's fixtures), or a workbook made here. */
  file: { sample: string; as: string } | { workbook: string } | null;
}

const SAMPLES: Sample[] = [
  {
    input: material('image', '专业版报价单', '含实施与培训的专业版报价，发给询价客户'),
    file: { sample: 'quote.jpg', as: '专业版报价单.jpg' },
  },
  {
    input: material('image', '数据看板示例', '客户数据看板截图，演示时使用'),
    file: { sample: 'dashboard.jpg', as: '数据看板示例.jpg' },
  },
  {
    input: material('video', '产品演示视频', '四秒钟的界面演示'),
    file: { sample: 'demo.mp4', as: '产品演示.mp4' },
  },
  {
    input: {
      ...material('link', '客守 SCRM 专业版功能介绍', '客户管理、会话存档与企业群发，一站搞定'),
      url: 'https://example.com/keeper/pro',
    },
    file: { sample: 'dashboard.jpg', as: '专业版封面.jpg' },
  },
  {
    input: {
      ...material('link', '老客户续费八折活动', '活动截止到月底，详情见活动页'),
      url: 'https://example.com/keeper/renewal',
    },
    file: null,
  },
  {
    input: material('file', '产品价目表', '标准版、专业版与企业版的价格'),
    file: { workbook: '产品价目表.xlsx' },
  },
];

function material(kind: MaterialInput['kind'], title: string, description: string): MaterialInput {
  return { kind, title, description, url: null, appId: null, page: null };
}

/**
 * The sandbox's materials library starts with believable examples: the pictures and the video the simulator's
 * chats show, a link with and one without a cover, and a price list. Each goes in once, ever: a restart finds
 * them (deleted ones too) and adds nothing. Returns how many were added.
 */
export async function seedSandboxMaterials(
  materials: MaterialsService,
  mediaDir: string,
  logger: Logger,
): Promise<number> {
  let added = 0;
  for (const sample of SAMPLES) {
    if (await materials.hasTitle(SANDBOX_AUTHOR, sample.input.title)) continue;
    try {
      await materials.create(sample.input, await fileOf(sample, mediaDir), SANDBOX_AUTHOR);
      added += 1;
    } catch (error) {
      logger.warn({ err: error, title: sample.input.title }, 'sandbox material not added');
    }
  }
  if (added) logger.info({ added }, 'sandbox materials added to the library');
  return added;
}

async function fileOf(sample: Sample, mediaDir: string): Promise<UploadedFile | null> {
  if (!sample.file) return null;
  if ('workbook' in sample.file)
    return { fileName: sample.file.workbook, mimeType: '', data: await priceList() };
  return {
    fileName: sample.file.as,
    mimeType: '',
    data: await fs.readFile(path.join(mediaDir, sample.file.sample)),
  };
}

/** A small real workbook: the price list a salesperson sends. */
async function priceList(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '客守示范科技有限公司';
  const sheet = workbook.addWorksheet('价目表');
  sheet.columns = [
    { header: '版本', key: 'edition', width: 12 },
    { header: '席位', key: 'seats', width: 12 },
    { header: '年费（元）', key: 'price', width: 14 },
    { header: '包含', key: 'includes', width: 40 },
  ];
  sheet.addRows([
    { edition: '标准版', seats: '10 人起', price: 9800, includes: '客户管理、标签、客户群' },
    {
      edition: '专业版',
      seats: '20 人起',
      price: 29800,
      includes: '标准版全部功能，会话存档、企业群发、离职继承',
    },
    {
      edition: '企业版',
      seats: '100 人起',
      price: 98000,
      includes: '专业版全部功能，私有部署、专属客户成功经理',
    },
  ]);
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
