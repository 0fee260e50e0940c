import type { PassThrough } from 'node:stream';
import type { ArchivedMessage } from '@keeper/shared';
import { shanghaiTime, streamWorkbook } from '../../http/xlsx-stream';

const HEADER = ['时间', '发送人', '身份', '类型', '内容', '撤回时间', '违规'];
const ROLE = { member: '员工', customer: '客户', unknown: '' } as const;

/** A conversation as an .xlsx: time, sender, type, text, recall time, violations. */
export function streamConversationWorkbook(batches: AsyncIterable<ArchivedMessage[]>): PassThrough {
  return streamWorkbook('会话', HEADER, rowsOf(batches));
}

async function* rowsOf(batches: AsyncIterable<ArchivedMessage[]>): AsyncGenerator<unknown[][]> {
  for await (const batch of batches) {
    yield batch.map((message) => [
      shanghaiTime(message.msgtime),
      message.from.name,
      ROLE[message.from.kind],
      message.msgtype,
      message.text ?? '',
      shanghaiTime(message.recalledAt),
      message.violations.map((violation) => violation.ruleName).join('、'),
    ]);
  }
}
