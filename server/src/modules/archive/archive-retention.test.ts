import type { NormalizedArchiveMessage } from '@keeper/bot';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../logger';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';
import { MessageViolations } from '../audit/message-violations';
import { RuleMatcher } from '../audit/rule-matcher';
import { SettingsService } from '../settings/settings.service';
import { ArchiveMediaService } from './archive-media.service';
import { ARCHIVE_STATE, ingestPage } from './archive-ingest';
import { ArchiveRetention } from './archive-retention';
import { ArchiveConversationEntity, ArchiveMessageEntity, ArchiveStateEntity } from './archive.entity';

const DAY = 86_400_000;

const message = (seq: number, daysAgo: number): NormalizedArchiveMessage => {
  const msgtime = new Date(Date.now() - daysAgo * DAY);
  const text = { content: `消息${seq}` };
  return {
    msgid: `r${seq}`,
    seq: String(seq),
    action: 'send',
    from: 'wmCustomer',
    tolist: ['zhangsan'],
    roomid: null,
    msgtime,
    msgtype: 'text',
    searchText: text.content,
    recallOf: null,
    sdkFileId: null,
    md5: null,
    fileSize: null,
    content: text,
    raw: null,
    source: JSON.stringify({
      msgid: `r${seq}`,
      action: 'send',
      from: 'wmCustomer',
      tolist: ['zhangsan'],
      roomid: '',
      msgtime: msgtime.getTime(),
      msgtype: 'text',
      text,
    }),
  };
};

/** Runs on MariaDB and on SQLite. */
describe(ArchiveRetention.name, () => {
  let db: TestDatabase;
  let violationLog: MessageViolations;
  let settings: SettingsService;
  let sut: ArchiveRetention;

  beforeAll(async () => {
    db = await openTestDatabase();
    violationLog = new MessageViolations(db.dataSource);
  });
  beforeEach(async () => {
    await db.reset();
    await db.dataSource
      .getRepository(ArchiveStateEntity)
      .insert({ name: ARCHIVE_STATE, checkpointSeq: '0', lastPulled: 0 });
    settings = new SettingsService(db.dataSource);
    const logger = createLogger({ logLevel: 'silent', env: 'test' });
    const media = new ArchiveMediaService(
      db.dataSource,
      undefined,
      { directory: '/nonexistent', maxFileBytes: 1, maxStoreBytes: 1 },
      logger,
    );
    sut = new ArchiveRetention(db.dataSource, settings, media, logger);
    const page = [message(1, 400), message(2, 200), message(3, 10), message(4, 1)];
    await db.dataSource.transaction((manager) =>
      ingestPage(manager, page, new RuleMatcher([]), '4', violationLog),
    );
  });
  afterAll(() => db.close());

  it('keeps everything while no retention is set', async () => {
    expect(await sut.purge()).toBe(0);
    expect(await db.dataSource.getRepository(ArchiveMessageEntity).count()).toBe(4);
  });

  it('purges messages older than the setting and corrects the conversation counters', async () => {
    await settings.setRetentionDays(180);
    expect(await sut.purge()).toBe(2);
    const left = await db.dataSource.getRepository(ArchiveMessageEntity).find({ order: { seq: 'ASC' } });
    expect(left.map((row) => row.msgid)).toEqual(['r3', 'r4']);
    const [conversation] = await db.dataSource.getRepository(ArchiveConversationEntity).find();
    expect(conversation?.messageCount).toBe(2);
    const [contents] = (await db.dataSource.query('SELECT COUNT(*) AS n FROM archive_message_contents')) as {
      n: number;
    }[];
    expect(Number(contents?.n)).toBe(2);
  });
});
