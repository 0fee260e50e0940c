import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * Streams an .xlsx with one sheet: rows are written as batches arrive, so an export of a whole customer book
 * or a long conversation never sits in memory.
 */
export function streamWorkbook(
  sheetName: string,
  header: string[],
  batches: AsyncIterable<unknown[][]>,
): PassThrough {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header).commit();
  void (async () => {
    try {
      for await (const rows of batches) for (const row of rows) sheet.addRow(row).commit();
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      output.destroy(error as Error);
    }
  })();
  return output;
}

/** A UTC ISO time as Asia/Shanghai wall time, the way the console shows it (no daylight saving there). */
export function shanghaiTime(iso: string | null): string {
  if (!iso) return '';
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}
