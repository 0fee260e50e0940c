import type { PassThrough } from 'node:stream';
import type { HandoverCase, HandoverItem, HandoverReason, HandoverTotals, ItemState } from '@keeper/shared';
import { shanghaiTime, streamWorkbook } from '../../http/xlsx-stream';

const HEADER = ['类型', '客户/群ID', '名称', '接替人', '状态', '原因', '发送时间', '接替时间', '分配次数'];

const STATE: Record<ItemState, string> = {
  unplanned: '未分配',
  skipped: '已跳过',
  planned: '待发送',
  sending: '发送中',
  waiting: '等待接替',
  done: '已接替',
  refused: '客户拒绝',
  receiver_full: '接替人客户已满',
  no_record: '无接替记录',
  rejected: '未能发起',
};

const REASON: Record<HandoverReason, string> = {
  receiver_follows: '接替人已是该客户的跟进人',
  receiver_inactive: '接替人已停用、未激活或已离职',
  receiver_out_of_range: '接替人不在应用可见范围内',
  receiver_no_permission: '接替人没有客户联系权限',
  receiver_unverified: '接替人未实名认证',
  receiver_full: '接替人的客户数已达上限',
  same_member: '接替人与原跟进人相同',
  onjob_limit: '该客户90天内已在职转接两次',
  not_follower: '原跟进人已不是该客户的跟进人',
  not_departed: '原跟进人尚未离职',
  deadline_passed: '离职已超过一年，企业微信不再支持继承',
  in_transfer: '客户正在转接中',
  unknown_customer: '企业微信不认识该客户',
  group_unavailable: '客户群不可转接（非客户群、已解散或群主已变）',
  wecom_error: '企业微信返回错误',
};

const TOTALS: [keyof HandoverTotals, string][] = [
  ['selected', '已选'],
  ['skipped', '已跳过'],
  ['rejected', '未能发起'],
  ['done', '已接替'],
  ['waiting', '等待接替'],
  ['refused', '客户拒绝'],
  ['receiverFull', '接替人客户已满'],
  ['noRecord', '无接替记录'],
  ['planned', '待发送'],
  ['sending', '发送中'],
  ['unplanned', '未分配'],
];

/** A case's report as an .xlsx: the totals first (they add up), then one row per customer and group. */
export function streamHandoverReport(handoverCase: HandoverCase, items: HandoverItem[]): PassThrough {
  return streamWorkbook('交接报告', HEADER, rowsOf(handoverCase, items));
}

async function* rowsOf(handoverCase: HandoverCase, items: HandoverItem[]): AsyncGenerator<unknown[][]> {
  await Promise.resolve();
  yield TOTALS.map(([key, label]) => [
    '客户合计',
    label,
    handoverCase.customers[key],
    '',
    '',
    '',
    '',
    '',
    '',
  ]);
  yield items.map((item) => [
    item.kind === 'customer' ? '客户' : '客户群',
    item.targetId,
    item.name,
    item.receiver?.name ?? '',
    STATE[item.state],
    item.reason
      ? item.reason === 'wecom_error'
        ? `${REASON[item.reason]}（${item.errcode ?? ''}）`
        : REASON[item.reason]
      : '',
    shanghaiTime(item.sentAt),
    shanghaiTime(item.takeoverAt),
    item.attempts,
  ]);
}
