import type { PassThrough } from 'node:stream';
import type { ExclusionReason, Funnel, Recipient, RecipientState } from '@keeper/shared';
import { shanghaiTime, streamWorkbook } from '../../http/xlsx-stream';

const HEADER = ['客户/群/成员ID', '名称', '发送成员', '状态', '排除原因', '发送时间'];

const STATE: Record<RecipientState, string> = {
  excluded: '已排除',
  queued: '待提交',
  submitting: '提交中',
  unsendable: '无法发送',
  pending: '未发送',
  sent: '已发送',
  not_friend: '非好友',
  limit_reached: '已收到其他群发',
  failed: '发送失败',
};

const REASON: Record<ExclusionReason, string> = {
  receive_rule: '超出企业接收频率',
  recently_reached: '近期已触达',
  sender_inactive: '发送成员已停用或离职',
  lost: '已不是客户',
};

const FUNNEL: [Exclude<keyof Funnel, 'excludedByReason'>, string][] = [
  ['audience', '目标人群'],
  ['excluded', '已排除'],
  ['queued', '待提交'],
  ['submitted', '已提交'],
  ['unsendable', '无法发送'],
  ['pending', '未发送'],
  ['sent', '已发送'],
  ['notFriend', '非好友'],
  ['limitReached', '已收到其他群发'],
  ['failed', '发送失败'],
];

/** A campaign's report as an .xlsx: the funnel first (it adds up), then one row per recipient. */
export function streamCampaignReport(funnel: Funnel, recipients: AsyncIterable<Recipient[]>): PassThrough {
  return streamWorkbook('群发报告', HEADER, rowsOf(funnel, recipients));
}

async function* rowsOf(funnel: Funnel, recipients: AsyncIterable<Recipient[]>): AsyncGenerator<unknown[][]> {
  yield [
    ...FUNNEL.map(([key, label]) => ['合计', label, funnel[key], '', '', '']),
    ...(Object.entries(funnel.excludedByReason) as [ExclusionReason, number][]).map(([reason, count]) => [
      '合计',
      `已排除：${REASON[reason]}`,
      count,
      '',
      '',
      '',
    ]),
  ];
  for await (const page of recipients) {
    yield page.map((recipient) => [
      recipient.targetId,
      recipient.name,
      recipient.sender?.name ?? '',
      STATE[recipient.state],
      recipient.reason ? REASON[recipient.reason] : '',
      shanghaiTime(recipient.sentAt),
    ]);
  }
}
