import { RuleKind } from '@keeper/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';
import { corpAdmin as admin } from '../../test/actors';
import { auditRulesService } from '../../test/audit-rules';
import { OrgRepository } from '../org/org.repository';
import { AuditRulesService } from './audit-rules.service';
import { AuditRuleEntity } from './audit.entity';
import type { MatchableMessage } from '../archive/chat-audit';

const said = (text: string, senderDepartments: string[] = ['2']): MatchableMessage => ({
  action: 'send',
  msgtype: 'text',
  text,
  msgtime: new Date('2026-11-24T03:00:00Z'),
  senderIsMember: true,
  senderDepartments,
  withCustomer: true,
});

const keywordRule = (name: string, words: string[], departmentIds: string[] = []) => ({
  name,
  kind: RuleKind.Keywords,
  patterns: words,
  severity: 'high' as const,
  departmentIds,
  enabled: true,
});

/** Two services on one database play two Keeper processes (an HTTP process and the archive puller's). */
describe(AuditRulesService.name, () => {
  let db: TestDatabase;
  let org: OrgRepository;
  let puller: AuditRulesService;
  let editor: AuditRulesService;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    org = new OrgRepository(db.dataSource);
    puller = auditRulesService(db.dataSource, org);
    editor = auditRulesService(db.dataSource);
    await org.transaction((manager) =>
      org.upsertDepartments(manager, [
        { id: '1', name: '总部', parentId: null, order: 0 },
        { id: '2', name: '销售部', parentId: '1', order: 0 },
        { id: '5', name: '客服部', parentId: '1', order: 0 },
      ]),
    );
  });
  afterAll(() => db.close());

  it('sees a rule created, edited or disabled in another process at its next page', async () => {
    expect((await puller.matcher()).match(said('走私账吧'))).toEqual([]);

    const rule = await editor.create(keywordRule('私账', ['走私账']), admin);
    expect((await puller.matcher()).match(said('走私账吧')).map((hit) => hit.ruleId)).toEqual([
      Number(rule.id),
    ]);

    await editor.update(Number(rule.id), { ...keywordRule('私账', ['私单']), enabled: true }, admin);
    expect((await puller.matcher()).match(said('走私账吧'))).toEqual([]);
    expect((await puller.matcher()).match(said('接私单'))).toHaveLength(1);

    await editor.update(Number(rule.id), { ...keywordRule('私账', ['私单']), enabled: false }, admin);
    expect((await puller.matcher()).match(said('接私单'))).toEqual([]);
  });

  it('follows an org sync that moves a department under a rule’s scope', async () => {
    await editor.create(keywordRule('销售部私单', ['私单'], ['2']), admin);
    const matcher = puller.matcher();
    expect((await matcher).match(said('接私单', ['5']))).toEqual([]);

    // The org sync (another process) moves 客服部 under 销售部: the rule now watches its members too.
    await org.transaction((manager) =>
      org.upsertDepartments(manager, [{ id: '5', name: '客服部', parentId: '2', order: 0 }]),
    );
    expect((await puller.matcher()).match(said('接私单', ['5']))).toHaveLength(1);
  });

  it('does not keep a failed build: once the stored rule reads again, the next call builds', async () => {
    // A row no build can read (as a half-written or hand-edited row would be), written past the service.
    const { identifiers } = await db.dataSource.getRepository(AuditRuleEntity).insert({
      name: '坏数据',
      kind: RuleKind.Keywords,
      patterns: '["私单"',
      severity: 'high',
      departmentIds: '[]',
      enabled: true,
      builtinKey: null,
    });
    await expect(puller.matcher()).rejects.toThrow(SyntaxError);

    await db.dataSource
      .getRepository(AuditRuleEntity)
      .update(Number(identifiers[0]!.id), { patterns: '["私单"]' });
    expect((await puller.matcher()).match(said('接私单'))).toHaveLength(1);
  });

  it('skips a stored regex the engine refuses, shows why, and keeps matching with the other rules', async () => {
    await db.dataSource.getRepository(AuditRuleEntity).insert({
      name: '旧手机号规则',
      kind: RuleKind.Regex,
      patterns: JSON.stringify(['订单\\d+', '1\\d{10}(?!\\d)']),
      severity: 'medium',
      departmentIds: '[]',
      enabled: true,
      builtinKey: null,
    });
    const other = await editor.create(keywordRule('私账', ['走私账']), admin);

    const matcher = await puller.matcher();
    expect(matcher.match(said('订单123 走私账 13812345678')).map((hit) => hit.ruleId)).toEqual([
      Number(other.id),
    ]);
    const listed = await editor.list();
    expect(listed.find((rule) => rule.name === '旧手机号规则')?.problem).toEqual({
      pattern: '1\\d{10}(?!\\d)',
      kind: 'lookahead',
      detail: expect.stringContaining('(?!'),
    });
    expect(listed.find((rule) => rule.name === '私账')?.problem).toBeNull();

    // It can be switched off as it is, and not on again until its pattern is fixed.
    const broken = listed.find((rule) => rule.name === '旧手机号规则')!;
    const input = { ...broken, kind: RuleKind.Regex, enabled: false };
    await editor.update(Number(broken.id), input, admin);
    await expect(editor.update(Number(broken.id), { ...input, enabled: true }, admin)).rejects.toThrow(
      /cannot run this pattern/,
    );
  });

  it('refuses to save a regex the engine cannot run', async () => {
    await expect(
      editor.create({ ...keywordRule('回文', ['(\\w)\\1']), kind: RuleKind.Regex }, admin),
    ).rejects.toThrow(/cannot run this pattern/);
    expect(await editor.list()).toEqual([]);
  });
});
