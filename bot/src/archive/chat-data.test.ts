import { describe, expect, it } from 'vitest';
import { WeComError } from '../api/wecom-error.js';
import { ArchiveFormatError } from './archive-errors.js';
import { parseChatDataReply } from './chat-data.js';

describe(parseChatDataReply.name, () => {
  it('reads ordinary seqs as decimal strings', () => {
    const text =
      '{"errcode":0,"errmsg":"ok","chatdata":[{"seq":41,"msgid":"m1","publickey_ver":1,' +
      '"encrypt_random_key":"a2V5","encrypt_chat_msg":"bXNn"},{"seq":9007199254740991,"msgid":"m2",' +
      '"publickey_ver":1,"encrypt_random_key":"a2V5","encrypt_chat_msg":"bXNn"}]}';
    expect(parseChatDataReply(text).map((item) => item.seq)).toEqual(['41', '9007199254740991']);
  });

  it('keeps seq values beyond 2^53 exact', () => {
    const text =
      '{"errcode":0,"errmsg":"ok","chatdata":[{"seq":18446744073709551615,"msgid":"m1","publickey_ver":3,' +
      '"encrypt_random_key":"a2V5","encrypt_chat_msg":"bXNn"}]}';
    expect(parseChatDataReply(text)).toEqual([
      {
        seq: '18446744073709551615',
        msgid: 'm1',
        publickeyVer: 3,
        encryptRandomKey: 'a2V5',
        encryptChatMsg: 'bXNn',
      },
    ]);
  });

  it('turns errors inside the JSON into WeComError with its hint', () => {
    const attempt = () => parseChatDataReply('{"errcode":301053,"errmsg":"msgaudit service not open"}');
    expect(attempt).toThrow(WeComError);
    expect(attempt).toThrow(
      expect.objectContaining({ code: 301053, hint: expect.stringContaining('会话内容存档') }),
    );
  });

  it('reports malformed output without quoting it', () => {
    expect(() => parseChatDataReply('{"errcode":0,"chatdata":[{"seq":1}]}')).toThrow(ArchiveFormatError);
    expect(() => parseChatDataReply('not json: secret words')).toThrow(/not JSON$/);
  });
});
