import { RuleKind, type BroadcastContent } from '@keeper/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { corpAdmin as admin } from '../../test/actors';
import { auditRulesService } from '../../test/audit-rules';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';
import type { AuditRulesService, ContentScreen } from '../audit/audit-rules.service';
import { OrgRepository } from '../org/org.repository';
import { checkContent, maskNumbers, type ContentMaterial } from './content-check';

/** A card number that passes the Luhn check, as a customer would be asked to pay into. */
const CARD = '6222 0212 3456 7894';
const content = (text: string, materialIds: string[] = []): BroadcastContent => ({ text, materialIds });
const link = (id: string, title: string, description: string | null = null): ContentMaterial => ({
  id,
  kind: 'link',
  title,
  description,
});
const image = (id: string): ContentMaterial => ({ id, kind: 'image', title: '海报', description: null });

describe(checkContent.name, () => {
  let db: TestDatabase;
  let rules: AuditRulesService;
  let screen: ContentScreen;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    const org = new OrgRepository(db.dataSource);
    await org.transaction((manager) =>
      org.upsertDepartments(manager, [
        { id: '1', name: '总部', parentId: null, order: 0 },
        { id: '2', name: '销售部', parentId: '1', order: 0 },
      ]),
    );
    rules = auditRulesService(db.dataSource, org);
    await rules.seedBuiltins();
    screen = await rules.contentScreen();
  });
  afterAll(() => db.close());

  it('passes a plain campaign with its materials', () => {
    expect(
      checkContent(
        content('双十一会员日，老客户专享八折', ['1', '2']),
        [image('1'), link('2', '活动详情')],
        screen,
      ),
    ).toEqual([]);
  });

  it('refuses nothing to send, a text over 4,000 bytes and more than 9 attachments', () => {
    expect(checkContent(content('   '), [], screen)).toEqual([
      { code: 'empty', blocking: true, rule: null, excerpt: null },
    ]);
    // 1,334 Chinese characters are 4,002 bytes, though only 1,334 characters.
    expect(checkContent(content('好'.repeat(1334)), [], screen).map((issue) => issue.code)).toEqual([
      'text_too_long',
    ]);
    expect(checkContent(content('好'.repeat(1333)), [], screen)).toEqual([]);
    const ten = Array.from({ length: 10 }, (_, i) => String(i + 1));
    expect(checkContent(content('看图', ten), ten.map(image), screen)).toEqual([
      { code: 'too_many_attachments', blocking: true, rule: null, excerpt: null },
    ]);
  });

  it('names each material that is unknown or deleted (not among those found)', () => {
    expect(checkContent(content('看图', ['1', '7', '7', '8']), [image('1')], screen)).toEqual([
      { code: 'material_missing', blocking: true, rule: null, excerpt: '7' },
      { code: 'material_missing', blocking: true, rule: null, excerpt: '8' },
    ]);
  });

  it('blocks a bank card number in the text, with the rule name and the number masked', () => {
    expect(checkContent(content(`尾款请打到公司账户 ${CARD}，谢谢`), [], screen)).toEqual([
      {
        code: 'audit_rule',
        blocking: true,
        rule: '发送银行卡号',
        excerpt: '尾款请打到公司账户 6222 **** **** 7894，谢谢',
      },
    ]);
  });

  it('still blocks a bank card number when admins switched the chat rule off', async () => {
    const bankCard = (await rules.list()).find((rule) => rule.name === '发送银行卡号')!;
    await rules.update(Number(bankCard.id), { ...bankCard, enabled: false }, admin);
    const issues = checkContent(content(`转账到 ${CARD}`), [], await rules.contentScreen());
    expect(issues).toEqual([
      { code: 'audit_rule', blocking: true, rule: '发送银行卡号', excerpt: '转账到 6222 **** **** 7894' },
    ]);
  });

  it('checks the titles and descriptions customers see on link cards', () => {
    const issues = checkContent(
      content('', ['3']),
      [link('3', '会员福利', '福利领取请加我私人微信，回复更快')],
      screen,
    );
    expect(issues).toEqual([
      {
        code: 'audit_rule',
        blocking: true,
        rule: '引导添加个人微信',
        excerpt: '福利领取请加我私人微信，回复更快',
      },
    ]);
  });

  it('warns about a rule of lower severity without blocking, its number masked', () => {
    const long = `咨询热线 13812345678 ${'欢迎来电'.repeat(10)}`;
    expect(checkContent(content(long), [], screen)).toEqual([
      {
        code: 'audit_rule',
        blocking: false,
        rule: '发送手机号',
        excerpt: '咨询热线 138****5678 欢迎来电欢迎来电欢迎来电欢迎来电欢迎来…',
      },
    ]);
  });

  it('applies a rule watching one department too: the whole corp sends a campaign', async () => {
    await rules.create(
      {
        name: '销售部禁用词',
        kind: RuleKind.Keywords,
        patterns: ['返点'],
        severity: 'high',
        departmentIds: ['2'],
        enabled: true,
      },
      admin,
    );
    const issues = checkContent(content('下单即送返点'), [], await rules.contentScreen());
    expect(issues.map((issue) => [issue.rule, issue.blocking])).toEqual([['销售部禁用词', true]]);
  });
});

describe(maskNumbers.name, () => {
  it('keeps enough of phone and card numbers to recognise them', () => {
    expect(maskNumbers('13812345678')).toBe('138****5678');
    expect(maskNumbers('6222021234567894')).toBe('6222********7894');
    expect(maskNumbers('订单 123456 已发货')).toBe('订单 123456 已发货');
  });
});
