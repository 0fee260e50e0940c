import { PassThrough } from 'node:stream';
import type { ArchivedMessage } from '@keeper/shared';
import ExcelJS from 'exceljs';

const shanghai = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);

/** Streams a conversation to .xlsx: time, sender, type, text, recalled, violations. */
export function streamConversationWorkbook(batches: AsyncIterable<ArchivedMessage[]>): PassThrough {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false });
  const sheet = workbook.addWorksheet('会话');
  sheet.addRow(['时间', '发送人', '身份', '类型', '内容', '撤回时间', '违规']).commit();
  void (async () => {
    try {
      for await (const batch of batches) {
        for (const message of batch) {
          sheet
            .addRow([
              shanghai(message.msgtime),
              message.from.name,
              { member: '员工', customer: '客户', unknown: '' }[message.from.kind],
              message.msgtype,
              message.text ?? '',
              message.recalledAt ? shanghai(message.recalledAt) : '',
              message.violations.map((violation) => violation.ruleName).join('、'),
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
