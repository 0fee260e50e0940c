import { describe, expect, it } from 'vitest';
import { ArchiveFormatError } from './archive-errors.js';
import { common, fixtures } from './fixtures/archive-messages.js';
import { normalizeArchiveMessage } from './normalize-message.js';

/** As the puller calls it: the parsed JSON and the text it came from. */
function normalizeJson(seq: string, json: Record<string, unknown>) {
  return normalizeArchiveMessage(seq, json, JSON.stringify(json));
}

function normalize(name: string, extra: Record<string, unknown> = {}) {
  return normalizeJson('196', { ...common, ...fixtures[name], ...extra });
}

describe(normalizeArchiveMessage.name, () => {
  it('maps the common fields: seq as a string, one-to-one roomid as null, msgtime as a Date', () => {
    expect(normalize('text')).toEqual({
      msgid: common.msgid,
      seq: '196',
      action: 'send',
      from: 'LiNa',
      tolist: common.tolist,
      roomid: null,
      msgtime: new Date(1717200000123),
      msgtype: 'text',
      searchText: '您好，报价单已发您邮箱',
      recallOf: null,
      sdkFileId: null,
      md5: null,
      fileSize: null,
      content: { content: '您好，报价单已发您邮箱' },
      raw: null,
      source: JSON.stringify({ ...common, ...fixtures.text }),
    });
    expect(normalize('text', { roomid: 'wrAbc' }).roomid).toBe('wrAbc');
  });

  it.each([
    ['text', '您好，报价单已发您邮箱'],
    ['link', '产品手册 2024 版'],
    ['file', '2024年报价单.xlsx'],
    ['card', '客守示范科技有限公司'],
    ['location', '长隆欢乐世界 广东省广州市番禺区'],
    ['weapp', '预约到店 选择门店和时间 客守小程序'],
    ['chatrecord', '群聊的聊天记录 明天上午十点见 合同.pdf'],
    ['todo', '回访客户 周五前确认交期'],
    ['redpacket', '恭喜发财'],
    ['external_redpacket', '新年快乐'],
    ['meeting', '季度复盘 三楼会议室'],
    ['docmsg', '交付计划'],
    ['markdown', '**到货通知**：订单已发出'],
    ['news', '新品上市 春季系列'],
    ['calendar', '客户拜访 客户公司 带样品'],
    ['mixed', '请看图片'],
    ['image', ''],
    ['voice', ''],
    ['agree', ''],
    ['disagree', ''],
    ['vote', '团建去哪 爬山 露营'],
    ['sphfeed', '新品发布会回放 客守'],
  ])('indexes the words of %s', (name, searchText) => {
    expect(normalize(name).searchText).toBe(searchText);
  });

  it.each([
    ['image', 'CtYBMzA2OTAy', '50de8e5ae8ffe4f1df7a93841f71993a', 70961],
    ['voice', 'kcyZjZqOXhETGYxajB2', '9db09c7fa627c9e53f17736c786a74d5', 4184],
    ['video', 'CpsBMzA2ODAyMDEwMj', 'd06fc80c01d6fbffcca3b229ba41eac6', 2113236],
    ['emotion', 'ChsyMDI', 'c5f4d4ad4c35c9fb1eb4e8f6a5be6d71', 2488],
    ['file', 'CtsBMzA2', '18e93fc2ea884df23b3d2d3b8667b9f0', 18073],
  ])('takes the media reference of %s', (name, sdkFileId, md5, fileSize) => {
    expect(normalize(name)).toMatchObject({ sdkFileId, md5, fileSize, raw: null });
  });

  it('keeps the content object under the documented key (info, doc, redpacket)', () => {
    expect(normalize('markdown').content).toEqual(fixtures.markdown?.info);
    expect(normalize('docmsg').content).toEqual(fixtures.docmsg?.doc);
    expect(normalize('external_redpacket').content).toEqual(fixtures.external_redpacket?.redpacket);
  });

  it('points a recall at the recalled message', () => {
    expect(normalize('revoke')).toMatchObject({
      action: 'recall',
      msgtype: 'revoke',
      recallOf: '14822339130656386894_1603875615',
    });
  });

  it('keeps the raw JSON of types it does not know', () => {
    const vote = normalize('vote');
    expect(vote.raw).toEqual({ ...common, ...fixtures.vote });
    expect(vote.content).toEqual(fixtures.vote?.vote);
    const odd = normalizeJson('7', { ...common, msgtype: 'future_type', future_type: { x: 1 } });
    expect(odd).toMatchObject({
      msgtype: 'future_type',
      searchText: '',
      content: { x: 1 },
      raw: expect.any(Object),
    });
  });

  it('reads a switch log', () => {
    expect(
      normalizeJson('9', {
        msgid: '125289002219525886280',
        action: 'switch',
        time: 1554119421840,
        user: 'XuJinSheng',
      }),
    ).toMatchObject({
      action: 'switch',
      msgtype: 'switch',
      from: 'XuJinSheng',
      tolist: [],
      roomid: null,
      msgtime: new Date(1554119421840),
      content: null,
    });
  });

  it('rejects a message without its common fields, naming the field and not the content', () => {
    const attempt = () => normalizeJson('1', { action: 'send', msgtype: 'text', text: { content: '秘密' } });
    expect(attempt).toThrow(ArchiveFormatError);
    expect(attempt).toThrow(/msgid/);
    expect(attempt).not.toThrow(/秘密/);
    expect(() => normalizeJson('1', { ...common, action: 'delete', msgtype: 'text' })).toThrow(/action/);
  });
});
