import type { PassThrough } from 'node:stream';
import type { CustomerSummary } from '@keeper/shared';
import { shanghaiTime, streamWorkbook } from '../../http/xlsx-stream';

const HEADER = ['客户ID', '客户名称', '企业', '状态', '跟进员工', '标签', '电话', '首次添加', '流失时间'];
const STATUS: Record<CustomerSummary['status'], string> = { active: '正常', lost: '已流失' };

/** The customer list as an .xlsx, one row a customer, as the console shows it (phones masked alike). */
export function streamCustomerWorkbook(batches: AsyncIterable<CustomerSummary[]>): PassThrough {
  return streamWorkbook('客户', HEADER, rowsOf(batches));
}

async function* rowsOf(batches: AsyncIterable<CustomerSummary[]>): AsyncGenerator<unknown[][]> {
  for await (const batch of batches) {
    yield batch.map((customer) => [
      customer.externalUserId,
      customer.name,
      customer.corpName ?? '',
      STATUS[customer.status],
      customer.owners
        .map((owner) => (owner.remark ? `${owner.name}（${owner.remark}）` : owner.name))
        .join('、'),
      customer.tags.map((tag) => tag.name).join('、'),
      customer.phones.join('、'),
      shanghaiTime(customer.firstAddedAt),
      shanghaiTime(customer.lostAt),
    ]);
  }
}
