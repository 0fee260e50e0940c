import type { NormalizedArchiveMessage } from '@keeper/bot';
import { RuleKind } from '@keeper/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainEvents } from '../../events/domain-events';
import { JobLocks } from '../../jobs/job-lock';
import { createLogger } from '../../logger';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';
import { corpAdmin } from '../../test/actors';
import { auditRulesService } from '../../test/audit-rules';
import type { AuditRulesService } from '../audit/audit-rules.service';
import { ViolationEntity } from '../audit/audit.entity';
import { MessageViolations } from '../audit/message-violations';
import { MemberDepartmentEntity, MemberEntity } from '../org/org.entity';
import { ARCHIVE_STATE, ingestPage } from './archive-ingest';
import { ArchiveRescans } from './archive-rescan';
import { ArchiveMessageEntity, ArchiveStateEntity, RescanJobEntity } from './archive.entity';

let seq = 0;
const DAY_ONE = Date.UTC(2026, 10, 24, 2);
const DAY_TWO = Date.UTC(2026, 10, 25, 2);

/** A text (or red packet) message as the archive normalises it. */
function message(
  day: number,
  from: string,
  to: string[],
  text: string,
  extra: Partial<NormalizedArchiveMessage> = {},
): NormalizedArchiveMessage {
  seq++;
  return {
    msgid: `m${seq}`,
    seq: String(seq),
    action: 'send',
    from,
    tolist: to,
    roomid: null,
    msgtime: new Date(day + seq * 1000),
    msgtype: 'text',
    searchText: text,
    recallOf: null,
    sdkFileId: null,
    md5: null,
    fileSize: null,
    content: { content: text },
    raw: null,
    source: JSON.stringify({ msgid: `m${seq}`, text: { content: text } }),
    ...extra,
  };
}

/**
 * The same conversation of a day: a member offering 私单 to a customer, in a group and to a colleague; the
 * customer saying it back; red packets to the customer and to the colleague.
 */
function dayOf(day: number): NormalizedArchiveMessage[] {
  return [
    message(day, 'zhangsan', ['wmCustomer1'], '这单接私单吧'),
    message(day, 'wmCustomer1', ['zhangsan'], '私单可以'),
    message(day, 'zhangsan', ['lisi'], '别接私单'),
    message(day, 'zhangsan', ['wmCustomer1'], '', { msgtype: 'redpacket' }),
    message(day, 'zhangsan', ['lisi'], '', { msgtype: 'redpacket' }),
    message(day, 'zhangsan', ['wmCustomer1', 'lisi'], '群里也接私单', { roomid: 'wrRoom1' }),
  ];
}

describe(ArchiveRescans.name, () => {
  let db: TestDatabase;
  let rules: AuditRulesService;
  let rescans: ArchiveRescans;
  let announced: string[];

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    seq = 0;
    await db.dataSource.getRepository(MemberEntity).insert([
      { userId: 'zhangsan', name: '张三', status: 'active' },
      { userId: 'lisi', name: '李四', status: 'active' },
    ]);
    await db.dataSource
      .getRepository(MemberDepartmentEntity)
      .insert({ userId: 'zhangsan', departmentId: '2', isLeader: false });
    await db.dataSource
      .getRepository(ArchiveStateEntity)
      .insert({ name: ARCHIVE_STATE, checkpointSeq: '0', lastPulled: 0 });
    rules = auditRulesService(db.dataSource);
    const domainEvents = new DomainEvents();
    announced = [];
    domainEvents.on('violation.created', ({ violationId }) => announced.push(violationId));
    rescans = new ArchiveRescans({
      dataSource: db.dataSource,
      rules,
      violations: new MessageViolations(db.dataSource),
      locks: new JobLocks(db.dataSource),
      domainEvents,
      logger: createLogger({ logLevel: 'silent', env: 'production' }),
      batchSize: 2,
    });
  });
  afterAll(() => db.close());

  const ingest = async (page: NormalizedArchiveMessage[]) => {
    const matcher = await rules.matcher();
    await db.dataSource.transaction((manager) =>
      ingestPage(manager, page, matcher, page.at(-1)!.seq, new MessageViolations(db.dataSource)),
    );
  };
  const addRules = async () => {
    const base = { severity: 'high' as const, departmentIds: [], enabled: true };
    await rules.create({ ...base, name: '私单', kind: RuleKind.Keywords, patterns: ['私单'] }, corpAdmin);
    await rules.create({ ...base, name: '红包', kind: RuleKind.RedPacket, patterns: [] }, corpAdmin);
  };
  /** Each message's text or type, with the names of the rules that flagged it and its own counter. */
  const judged = async (from: number, to: number) => {
    const rows = (await db.dataSource.query(
      `SELECT m.id, m.search_text AS text, m.msgtype, m.violation_count AS counted, c.kind,
              (SELECT COUNT(*) FROM violations v WHERE v.message_id = m.id) AS hits
         FROM archive_messages m JOIN archive_conversations c ON c.id = m.conversation_id
        WHERE m.msgtime >= ? AND m.msgtime < ? ORDER BY m.id`,
      [new Date(from), new Date(to)].map((at) =>
        db.dataSource.options.type === 'better-sqlite3'
          ? at.toISOString().replace('T', ' ').replace('Z', '')
          : at,
      ),
    )) as { text: string; msgtype: string; counted: number; kind: string; hits: number | string }[];
    return rows.map((row) => `${row.kind} ${row.text || row.msgtype}: ${Number(row.hits)}/${row.counted}`);
  };

  it('judges re-scanned messages exactly as the archive judges them on arrival', async () => {
    await ingest(dayOf(DAY_TWO)); // archived before the rules existed
    await addRules();
    await ingest(dayOf(DAY_ONE)); // archived with the rules on

    await rescans.start(new Date(DAY_TWO - 3_600_000), new Date(DAY_TWO + 86_400_000), corpAdmin);
    await rescans.runQueued();

    const onArrival = await judged(DAY_ONE - 3_600_000, DAY_ONE + 86_400_000);
    expect(onArrival).toEqual([
      'single 这单接私单吧: 1/1',
      'single 私单可以: 0/0', // the customer said it: rules judge staff
      'internal 别接私单: 1/1',
      'single redpacket: 1/1', // a red packet to a customer
      'internal redpacket: 0/0', // to a colleague: not a chat with a customer
      'group 群里也接私单: 1/1',
    ]);
    expect(await judged(DAY_TWO - 3_600_000, DAY_TWO + 86_400_000)).toEqual(onArrival);
    const conversations = (await db.dataSource.query(
      `SELECT c.violation_count AS counted, (SELECT COUNT(*) FROM violations v WHERE v.conversation_id = c.id) AS hits
         FROM archive_conversations c`,
    )) as { counted: number; hits: number | string }[];
    for (const row of conversations) expect(Number(row.counted)).toBe(Number(row.hits));
  });

  it('queues a job and returns at once; asked again for the same period it answers the same job', async () => {
    await ingest(dayOf(DAY_ONE));
    await addRules();
    const period = [new Date(DAY_ONE - 3_600_000), new Date(DAY_ONE + 86_400_000)] as const;

    const job = await rescans.start(...period, corpAdmin);
    expect(job).toMatchObject({ status: 'queued', total: 6, scanned: 0, created: 0, requestedBy: 'admin' });
    expect(await db.dataSource.getRepository(ViolationEntity).count()).toBe(0);
    expect((await rescans.start(...period, { ...corpAdmin, username: 'someone else' })).id).toBe(job.id);

    await rescans.runQueued();
    const done = await rescans.get(job.id);
    expect(done).toMatchObject({ status: 'done', total: 6, scanned: 6, created: 4, failure: null });
    expect(done.finishedAt).not.toBeNull();
    expect(announced).toHaveLength(4);

    // A second re-scan of the same period finds the hits recorded already and adds none.
    const again = await rescans.start(...period, corpAdmin);
    expect(again.id).not.toBe(job.id);
    await rescans.runQueued();
    expect(await rescans.get(again.id)).toMatchObject({ status: 'done', scanned: 6, created: 0 });
    expect(await db.dataSource.getRepository(ViolationEntity).count()).toBe(4);
  });

  it('resumes a job a stopped process left running from its last committed batch', async () => {
    await ingest(dayOf(DAY_ONE));
    await addRules();
    const job = await rescans.start(new Date(DAY_ONE - 3_600_000), new Date(DAY_ONE + 86_400_000), corpAdmin);
    // As a process killed after its second batch leaves it: four messages done, none of their hits lost.
    const ids = (await db.dataSource.getRepository(ArchiveMessageEntity).find({ order: { id: 'ASC' } })).map(
      (row) => String(row.id),
    );
    await db.dataSource
      .getRepository(RescanJobEntity)
      .update(Number(job.id), { status: 'running', afterId: ids[3]!, scanned: 4, created: 2 });

    await rescans.runQueued();
    expect(await rescans.get(job.id)).toMatchObject({ status: 'done', scanned: 6, created: 3 });
    // Only the two messages after the cursor were judged: the red packet to a colleague and the group line.
    expect(
      (await db.dataSource.getRepository(ViolationEntity).find()).map((row) => String(row.messageId)),
    ).toEqual([ids[5]]);
  });

  it('refuses a period longer than 31 days', async () => {
    await expect(
      rescans.start(new Date(DAY_ONE), new Date(DAY_ONE + 32 * 86_400_000), corpAdmin),
    ).rejects.toThrow(/at most 31 days/);
  });
});
