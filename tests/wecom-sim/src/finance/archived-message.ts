import type { ChatMessage } from '../corp/types.js';

/**
 * The decrypted message JSON of protocol.md §7.3, exactly as the Finance SDK's DecryptData yields it: the common
 * fields, then the type's own object (`text`, `image`, `revoke`…). A switch log has its own short shape.
 */
export function archivedMessage(message: ChatMessage): Record<string, unknown> {
  if (message.action === 'switch') {
    return { msgid: message.msgid, action: 'switch', time: message.msgtime, user: message.from };
  }
  return {
    msgid: message.msgid,
    action: message.action,
    from: message.from,
    tolist: message.tolist,
    roomid: message.roomid,
    msgtime: message.msgtime,
    msgtype: message.msgtype,
    ...message.body,
  };
}
