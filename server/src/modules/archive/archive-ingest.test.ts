import type { NormalizedArchiveMessage } from '@keeper/bot';
import { RuleKind } from '@keeper/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';
import { MessageViolations } from '../audit/message-violations';
import { RuleMatcher } from '../audit/rule-matcher';
import { MemberDepartmentEntity, MemberEntity } from '../org/org.entity';
import { ARCHIVE_STATE, ingestPage } from './archive-ingest';
import { ArchiveConversationEntity, ArchiveMessageEntity, ArchiveStateEntity } from './archive.entity';

const matcher = new RuleMatcher([
  {
    id: 1,
    name: 'wechat',
    kind: RuleKind.Keywords,
    patterns: ['私人微信'],
    severity: 'high',
    builtinKey: null,
    departments: null,
  },
  {
    id: 2,
    name: 'recall',
    kind: RuleKind.Recall,
    patterns: [],
    severity: 'low',
    builtinKey: null,
    departments: null,
  },
]);

let seq = 0;
const message = (overrides: Partial<NormalizedArchiveMessage>): NormalizedArchiveMessage => {
  seq++;
  const normalized: Omit<NormalizedArchiveMessage, 'source'> = {
    msgid: `m${seq}`,
    seq: String(seq),
    action: 'send',
    from: 'zhangsan',
    tolist: ['wmCustomer1'],
    roomid: null,
    msgtime: new Date(Date.UTC(2026, 10, 24, 2, 0, seq)),
    msgtype: 'text',
    searchText: `第${seq}条`,
    recallOf: null,
    sdkFileId: null,
    md5: null,
    fileSize: null,
    content: { content: `第${seq}条` },
    raw: null,
    ...overrides,
  };
  return { ...normalized, source: weComJson(normalized) };
};

/** The decrypted JSON WeCom would have sent for a normalised message (text messages and recalls). */
function weComJson(message: Omit<NormalizedArchiveMessage, 'source'>): string {
  return JSON.stringify({
    msgid: message.msgid,
    action: message.action,
    from: message.from,
    tolist: message.tolist,
    roomid: message.roomid ?? '',
    msgtime: message.msgtime.getTime(),
    msgtype: message.msgtype,
    ...(message.recallOf
      ? { revoke: { pre_msgid: message.recallOf } }
      : { text: { content: message.searchText } }),
  });
}

/** Runs on MariaDB and on SQLite: the page write is raw SQL in places. */
describe(ingestPage.name, () => {
  let db: TestDatabase;
  let violationLog: MessageViolations;
  beforeAll(async () => {
    db = await openTestDatabase();
    violationLog = new MessageViolations(db.dataSource);
  });
  beforeEach(async () => {
    await db.reset();
    seq = 0;
    await db.dataSource
      .getRepository(MemberEntity)
      .insert({ userId: 'zhangsan', name: '张三', status: 'active' });
    await db.dataSource
      .getRepository(ArchiveStateEntity)
      .insert({ name: ARCHIVE_STATE, checkpointSeq: '0', lastPulled: 0 });
  });
  afterAll(() => db.close());

  it('writes messages, counters, the last message, recalls and hits, and ignores a page served twice', async () => {
    const first = message({ searchText: '你好' });
    const second = message({ from: 'wmCustomer1', tolist: ['zhangsan'], searchText: '在吗' });
    const third = message({ searchText: '加我私人微信吧' });
    const recall = message({ action: 'recall', msgtype: 'revoke', recallOf: third.msgid, searchText: '' });
    const page = [first, second, third, recall];
    const result = await db.dataSource.transaction((manager) =>
      ingestPage(manager, page, matcher, recall.seq, violationLog),
    );
    expect(result).toMatchObject({ inserted: 4, duplicates: 0 });
    expect(result.violations).toHaveLength(2);

    const [conversation] = await db.dataSource.getRepository(ArchiveConversationEntity).find();
    expect(conversation).toMatchObject({
      conversationKey: 'single:zhangsan:wmCustomer1',
      messageCount: 4,
      violationCount: 2,
      lastPreview: '[revoke]',
      lastMsgtype: 'revoke',
      lastMessageAt: recall.msgtime,
    });
    const recalled = await db.dataSource
      .getRepository(ArchiveMessageEntity)
      .findOneBy({ msgid: third.msgid });
    expect(recalled).toMatchObject({
      recalledAt: recall.msgtime,
      violationCount: 1,
      searchText: '加我私人微信吧',
    });

    const again = await db.dataSource.transaction((manager) =>
      ingestPage(manager, page, matcher, recall.seq, violationLog),
    );
    expect(again).toMatchObject({ inserted: 0, duplicates: 4, violations: [] });
    expect(await db.dataSource.getRepository(ArchiveMessageEntity).count()).toBe(4);
    expect(
      (await db.dataSource.getRepository(ArchiveConversationEntity).findOneByOrFail({ id: conversation!.id }))
        .messageCount,
    ).toBe(4);
    expect(
      (await db.dataSource.getRepository(ArchiveStateEntity).findOneByOrFail({ name: ARCHIVE_STATE }))
        .checkpointSeq,
    ).toBe(recall.seq);
  });

  it('links each content and hit to its own message on a page written in several statements', async () => {
    await db.dataSource
      .getRepository(MemberDepartmentEntity)
      .insert({ userId: 'zhangsan', departmentId: '7', isLeader: false });
    const scoped = new RuleMatcher([
      {
        id: 3,
        name: 'sales only',
        kind: RuleKind.Keywords,
        patterns: ['返现'],
        severity: 'medium',
        builtinKey: null,
        departments: new Set(['7']),
      },
    ]);
    const earlier = message({});
    await db.dataSource.transaction((manager) =>
      ingestPage(manager, [earlier], scoped, earlier.seq, violationLog),
    );
    const page = Array.from({ length: 1_100 }, (_, i) => {
      const text = i % 250 === 0 ? `第${i}条 私下返现` : `第${i}条`;
      return message({ searchText: text, content: { content: text } });
    });
    const result = await db.dataSource.transaction((manager) =>
      ingestPage(manager, page, scoped, page.at(-1)!.seq, violationLog),
    );
    expect(result).toMatchObject({ inserted: 1_100, duplicates: 0 });
    expect(result.violations).toHaveLength(5);

    const rows = (await db.dataSource.query(
      `SELECT m.id, m.search_text AS searchText, m.msgtime, c.content, m.violation_count AS violationCount,
              (SELECT COUNT(*) FROM violations v WHERE v.message_id = m.id) AS hits
         FROM archive_messages m JOIN archive_message_contents c ON c.message_id = m.id`,
    )) as {
      searchText: string;
      msgtime: Date | string; // SQLite returns the UTC text
      content: string;
      violationCount: number;
      hits: number | string;
    }[];
    expect(rows).toHaveLength(1_101);
    const utc = (value: Date | string) =>
      value instanceof Date ? value.getTime() : Date.parse(`${value.replace(' ', 'T')}Z`);
    for (const row of rows) {
      const sent = JSON.parse(row.content) as { text: { content: string }; msgtime: number };
      expect([sent.text.content, sent.msgtime]).toEqual([row.searchText, utc(row.msgtime)]);
      const flagged = row.searchText.includes('返现') ? 1 : 0;
      expect([Number(row.violationCount), Number(row.hits)]).toEqual([flagged, flagged]);
    }
  });

  it('never moves the last message backwards when an older page arrives late', async () => {
    const late = message({ msgtime: new Date(Date.UTC(2026, 10, 25)), searchText: '最新' });
    await db.dataSource.transaction((manager) =>
      ingestPage(manager, [late], matcher, late.seq, violationLog),
    );
    const early = message({ msgtime: new Date(Date.UTC(2026, 10, 20)), searchText: '更早' });
    await db.dataSource.transaction((manager) =>
      ingestPage(manager, [early], matcher, early.seq, violationLog),
    );
    const [conversation] = await db.dataSource.getRepository(ArchiveConversationEntity).find();
    expect(conversation).toMatchObject({
      messageCount: 2,
      lastPreview: '最新',
      lastMsgtype: 'text',
      lastMessageAt: late.msgtime,
    });
  });
});
