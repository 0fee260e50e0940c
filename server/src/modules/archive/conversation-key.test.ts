import { describe, expect, it } from 'vitest';
import { conversationOf } from './conversation-key';

const members = new Set(['zhangsan', 'lisi']);
const isMember = (id: string) => members.has(id);

describe(conversationOf.name, () => {
  it('puts both directions of a member–customer chat in one conversation', () => {
    const out = conversationOf({ from: 'zhangsan', tolist: ['wmCustomer'], roomid: null }, isMember);
    const back = conversationOf({ from: 'wmCustomer', tolist: ['zhangsan'], roomid: null }, isMember);
    expect(out).toEqual({
      key: 'single:zhangsan:wmCustomer',
      kind: 'single',
      memberId: 'zhangsan',
      customerId: 'wmCustomer',
      roomId: null,
    });
    expect(back.key).toBe(out.key);
  });

  it('keys internal chats by the sorted pair and group chats by room', () => {
    expect(conversationOf({ from: 'lisi', tolist: ['zhangsan'], roomid: null }, isMember).key).toBe(
      'internal:lisi:zhangsan',
    );
    expect(
      conversationOf({ from: 'wmX', tolist: ['zhangsan', 'lisi'], roomid: 'wrRoom' }, isMember),
    ).toMatchObject({ key: 'group:wrRoom', kind: 'group' });
  });
});
