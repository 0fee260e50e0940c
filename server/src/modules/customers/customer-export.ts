import { PassThrough } from 'node:stream';
import type { CustomerSummary } from '@keeper/shared';
import ExcelJS from 'exceljs';

const HEADER = ['客户ID', '客户名称', '企业', '状态', '跟进员工', '标签', '电话', '首次添加', '流失时间'];
const STATUS: Record<CustomerSummary['status'], string> = { active: '正常', lost: '已流失' };

/** Formats a UTC ISO time as Asia/Shanghai wall time, the way the console shows it. */
function shanghai(iso: string | null): string {
  if (!iso) return '';
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}

/**
 * Streams an .xlsx of customers: rows are written as batches arrive, so an export of the whole book does
 * not sit in memory.
 */
export function streamCustomerWorkbook(batches: AsyncIterable<CustomerSummary[]>): PassThrough {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false });
  const sheet = workbook.addWorksheet('客户');
  sheet.addRow(HEADER).commit();
  void (async () => {
    try {
      for await (const batch of batches) {
        for (const customer of batch) {
          sheet
            .addRow([
              customer.externalUserId,
              customer.name,
              customer.corpName ?? '',
              STATUS[customer.status],
              customer.owners
                .map((owner) => (owner.remark ? `${owner.name}（${owner.remark}）` : owner.name))
                .join('、'),
              customer.tags.map((tag) => tag.name).join('、'),
              customer.phones.join('、'),
              shanghai(customer.firstAddedAt),
              shanghai(customer.lostAt),
            ])
            .commit();
        }
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      output.destroy(error as Error);
    }
  })();
  return output;
}
