import { ConversationKind, type ConversationKind as Kind } from '@keeper/shared';

export interface ConversationRef {
  key: string;
  kind: Kind;
  memberId: string | null;
  customerId: string | null;
  roomId: string | null;
}

/**
 * Which conversation a message belongs to: the group for group chats; otherwise the member and the customer
 * (or two members, sorted, for an internal chat). `isMember` tells members from customers.
 */
export function conversationOf(
  message: { from: string; tolist: readonly string[]; roomid: string | null },
  isMember: (id: string) => boolean,
): ConversationRef {
  if (message.roomid) {
    return {
      key: `group:${message.roomid}`,
      kind: ConversationKind.Group,
      memberId: null,
      customerId: null,
      roomId: message.roomid,
    };
  }
  const other = message.tolist.find((id) => id !== message.from) ?? message.tolist[0] ?? message.from;
  const fromMember = isMember(message.from);
  const otherMember = isMember(other);
  if (fromMember && otherMember) {
    const [a, b] = [message.from, other].sort();
    return {
      key: `internal:${a}:${b}`,
      kind: ConversationKind.Internal,
      memberId: a!,
      customerId: b!,
      roomId: null,
    };
  }
  const member = fromMember ? message.from : otherMember ? other : message.from;
  const customer = fromMember ? other : message.from;
  return {
    key: `single:${member}:${customer}`,
    kind: ConversationKind.Single,
    memberId: member,
    customerId: customer,
    roomId: null,
  };
}
