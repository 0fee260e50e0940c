import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CallbackError, CallbackErrorCode } from '../callback/callback-error';
import { dedupeKey } from './dedupe-key';
import type { WeComCallbackEvent } from './event-types';
import { parseCallbackMessage } from './parse-callback-message';

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}.xml`, import.meta.url), 'utf8');
}

const sys = {
  toUserName: 'ww1234567890abcdef',
  fromUserName: 'sys',
  createTime: 1700000000,
  agentId: undefined,
};
const customer = 'woAJ2GCAAAXtWyujaWJHDDGi0mAAAA';
const chatId = 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA';

describe(parseCallbackMessage.name, () => {
  it.each<[string, WeComCallbackEvent]>([
    [
      'text-message',
      {
        type: 'message.text',
        toUserName: 'ww1234567890abcdef',
        fromUserName: 'zhangsan',
        createTime: 1700000001,
        agentId: '1000002',
        msgId: '4561255354251345929',
        // CDATA content is kept byte for byte, including spaces and markup.
        content: '  /help 客户 <b>&amp; ',
      },
    ],
    [
      'external-contact-add',
      {
        type: 'change_external_contact.add_external_contact',
        ...sys,
        userId: 'zhangsan',
        externalUserId: customer,
        state: 'teststate',
        welcomeCode: 'WELCOMECODE',
      },
    ],
    [
      'external-contact-add-half',
      {
        type: 'change_external_contact.add_half_external_contact',
        ...sys,
        userId: 'zhangsan',
        externalUserId: 'wmAJ2GCAAAhalf',
        state: undefined,
        welcomeCode: 'HALFCODE',
      },
    ],
    [
      'external-contact-edit',
      {
        type: 'change_external_contact.edit_external_contact',
        ...sys,
        userId: 'zhangsan',
        externalUserId: customer,
      },
    ],
    [
      'external-contact-del',
      {
        type: 'change_external_contact.del_external_contact',
        ...sys,
        userId: 'zhangsan',
        externalUserId: customer,
        source: 'DELETE_BY_TRANSFER',
      },
    ],
    [
      'external-contact-del-follow-user',
      {
        type: 'change_external_contact.del_follow_user',
        ...sys,
        userId: 'zhangsan',
        externalUserId: customer,
      },
    ],
    [
      'external-contact-transfer-fail',
      {
        type: 'change_external_contact.transfer_fail',
        ...sys,
        userId: 'lisi',
        externalUserId: customer,
        failReason: 'customer_refused',
      },
    ],
    [
      'external-contact-msg-audit-approved',
      {
        type: 'change_external_contact.msg_audit_approved',
        ...sys,
        userId: 'zhangsan',
        externalUserId: customer,
        welcomeCode: 'WELCOMECODE2',
      },
    ],
    ['external-chat-create', { type: 'change_external_chat.create', ...sys, chatId }],
    ['external-chat-dismiss', { type: 'change_external_chat.dismiss', ...sys, chatId }],
    [
      'external-chat-update-add-member',
      {
        type: 'change_external_chat.update',
        ...sys,
        chatId,
        updateDetail: 'add_member',
        joinScene: 3,
        quitScene: undefined,
        memChangeCnt: 2,
        memChangeList: ['wmAJ2GCAAAmember1', 'zhangsan'],
        lastMemVer: '9c3f97c2ada667dfb5f6d03308d963e1',
        curMemVer: '71217227bbd112ecfe3a49c482195cb4',
      },
    ],
    [
      'external-chat-update-del-member',
      {
        type: 'change_external_chat.update',
        ...sys,
        chatId,
        updateDetail: 'del_member',
        joinScene: undefined,
        quitScene: 1,
        memChangeCnt: 1,
        memChangeList: ['wmAJ2GCAAAmember1'],
        lastMemVer: undefined,
        curMemVer: undefined,
      },
    ],
    [
      'external-chat-update-change-name',
      {
        type: 'change_external_chat.update',
        ...sys,
        chatId,
        updateDetail: 'change_name',
        joinScene: undefined,
        quitScene: undefined,
        memChangeCnt: undefined,
        memChangeList: [],
        lastMemVer: undefined,
        curMemVer: undefined,
      },
    ],
    [
      'external-tag-create',
      {
        type: 'change_external_tag.create',
        ...sys,
        id: 'etm8Y2DAAAxxxxx',
        tagType: 'tag',
        strategyId: undefined,
      },
    ],
    [
      'external-tag-delete-group',
      {
        type: 'change_external_tag.delete',
        ...sys,
        id: 'etm8Y2DAAAgroup',
        tagType: 'tag_group',
        strategyId: '1',
      },
    ],
    [
      'external-tag-shuffle',
      {
        type: 'change_external_tag.shuffle',
        ...sys,
        id: undefined,
        tagType: undefined,
        strategyId: undefined,
      },
    ],
    [
      'contact-create-user',
      {
        type: 'change_contact.create_user',
        ...sys,
        userId: 'wangwu',
        name: '王五',
        department: [1, 2, 3],
        mainDepartment: 2,
        isLeaderInDept: [true, false, false],
        directLeader: ['lisi', 'zhaoliu'],
        position: '销售',
        mobile: '13800000000',
        gender: 1,
        email: 'wangwu@example.com',
        bizMail: 'wangwu@corp.example.com',
        status: 1,
        avatar: 'https://wework.qpic.cn/wwhead/avatar/0',
        alias: 'Wang Wu',
        telephone: '020-123456',
        address: '广州市',
      },
    ],
    ['contact-delete-user', { type: 'change_contact.delete_user', ...sys, userId: 'zhangsan' }],
    [
      'contact-create-party',
      { type: 'change_contact.create_party', ...sys, id: 4, name: '华南销售部', parentId: 1, order: 100000 },
    ],
    [
      'contact-update-party',
      {
        type: 'change_contact.update_party',
        ...sys,
        id: 4,
        name: '华南大区',
        parentId: undefined,
        order: undefined,
      },
    ],
    ['contact-delete-party', { type: 'change_contact.delete_party', ...sys, id: 4 }],
    ['msgaudit-notify', { type: 'msgaudit_notify', ...sys, agentId: '2000003' }],
  ])('parses %s', (name, expected) => {
    expect(parseCallbackMessage(fixture(name))).toStrictEqual(expected);
  });

  it('parses update_user with NewUserID, and the minimal post-2022 form with only UserID and Department', () => {
    const renamed = parseCallbackMessage(fixture('contact-update-user-new-userid'));
    expect(renamed).toMatchObject({
      type: 'change_contact.update_user',
      userId: 'wangwu',
      newUserId: 'wangwu2',
      department: [2],
    });
    const minimal = parseCallbackMessage(fixture('contact-update-user-minimal'));
    expect(minimal).toMatchObject({
      type: 'change_contact.update_user',
      userId: 'wangwu',
      department: [1, 2],
    });
    expect(minimal).toHaveProperty('name', undefined);
    expect(minimal).toHaveProperty('status', undefined);
    expect(minimal).toHaveProperty('newUserId', undefined);
  });

  it('reads empty user fields as absent, not as no department or a status', () => {
    const empty = fixture('contact-update-user-minimal').replace(
      /<Department>.*<\/Department>/,
      '<Department><![CDATA[]]></Department><IsLeaderInDept><![CDATA[]]></IsLeaderInDept>' +
        '<Status><![CDATA[]]></Status><Name><![CDATA[]]></Name>',
    );
    expect(parseCallbackMessage(empty)).toMatchObject({
      type: 'change_contact.update_user',
      userId: 'wangwu',
      department: undefined,
      isLeaderInDept: undefined,
      status: undefined,
      name: undefined,
    });
  });

  it('keeps callbacks it does not model as unknown, with the raw content', () => {
    const event = parseCallbackMessage(fixture('unknown-event'));
    expect(event).toMatchObject({
      type: 'unknown',
      reason: 'unrecognised',
      event: 'change_contact',
      changeType: 'update_tag',
      createTime: 1700000000,
      raw: { TagId: '1', AddUserItems: 'zhangsan,lisi' },
    });
    expect(parseCallbackMessage(fixture('unknown-message'))).toMatchObject({
      type: 'unknown',
      reason: 'unrecognised',
      msgType: 'image',
      msgId: '1234567890123456789',
    });
  });

  it('turns a modelled callback with bad fields into unknown/invalid and says why', () => {
    const missingCustomer = fixture('external-contact-add').replace(
      /<ExternalUserID>.*<\/ExternalUserID>/,
      '',
    );
    const event = parseCallbackMessage(missingCustomer);
    expect(event.type).toBe('unknown');
    expect(event).toMatchObject({ reason: 'invalid', changeType: 'add_external_contact' });
    expect(event.type === 'unknown' && event.issues.join()).toContain('ExternalUserID');

    const badTime = fixture('contact-delete-user').replace('1700000000', 'yesterday');
    expect(parseCallbackMessage(badTime)).toMatchObject({
      type: 'unknown',
      reason: 'invalid',
      createTime: undefined,
    });

    const repeated = fixture('contact-delete-user').replace('</xml>', '<UserID>other</UserID></xml>');
    expect(parseCallbackMessage(repeated)).toMatchObject({ type: 'unknown', reason: 'invalid' });

    const newDetail = fixture('external-chat-update-change-name').replace('change_name', 'change_color');
    expect(parseCallbackMessage(newDetail)).toMatchObject({ type: 'unknown', reason: 'invalid' });
  });

  it('keeps a 64-bit MsgId exact', () => {
    const xml = fixture('text-message').replace('4561255354251345929', '18446744073709551615');
    expect(parseCallbackMessage(xml)).toMatchObject({ msgId: '18446744073709551615' });
  });

  it('rejects malformed or oversized XML with a CallbackError', () => {
    expect(() => parseCallbackMessage('<xml><MsgType>text</xml>')).toThrow(CallbackError);
    try {
      parseCallbackMessage(fixture('contact-create-user'), { maxBytes: 100 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CallbackError);
      expect((error as CallbackError).code).toBe(CallbackErrorCode.PayloadTooLarge);
    }
  });
});

describe(dedupeKey.name, () => {
  it('uses MsgId for messages', () => {
    expect(dedupeKey(parseCallbackMessage(fixture('text-message')))).toBe('msg:4561255354251345929');
    expect(dedupeKey(parseCallbackMessage(fixture('unknown-message')))).toBe('msg:1234567890123456789');
  });

  it('gives a redelivery the same key, and formatting does not matter', () => {
    const compact = fixture('external-chat-update-add-member').replace(/>\s+</g, '><');
    const a = dedupeKey(parseCallbackMessage(fixture('external-chat-update-add-member')));
    expect(dedupeKey(parseCallbackMessage(compact))).toBe(a);
    expect(a).toMatch(/^evt:1700000000:[0-9a-f]{32}$/);
  });

  it('keeps distinct events of the same second apart', () => {
    const add = fixture('external-contact-add');
    const keys = new Set(
      [
        add,
        add.replace('woAJ2GCAAAXtWyujaWJHDDGi0mAAAA', 'woAJ2GCAAAanother'),
        add.replace('<UserID><![CDATA[zhangsan]]>', '<UserID><![CDATA[lisi]]>'),
        fixture('external-contact-edit'),
        fixture('external-contact-del-follow-user'),
        fixture('external-contact-del'),
        fixture('external-chat-create'),
        fixture('external-chat-create').replace(chatId, 'wrOtherChat'),
        fixture('external-chat-dismiss'),
        fixture('external-chat-update-add-member'),
        fixture('external-chat-update-add-member').replace('zhangsan', 'lisi'),
        fixture('external-tag-create'),
        fixture('external-tag-create').replace('etm8Y2DAAAxxxxx', 'etm8Y2DAAAyyyyy'),
        fixture('contact-delete-user'),
        fixture('contact-delete-party'),
        fixture('unknown-event'),
        fixture('msgaudit-notify'),
      ].map((xml) => dedupeKey(parseCallbackMessage(xml))),
    );
    expect(keys.size).toBe(17);
  });
});
