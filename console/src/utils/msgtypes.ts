/**
 * The archived message types the console knows how to render (protocol §7.3). Anything else is shown as a
 * generic card with its raw JSON, so a type WeCom adds later still appears.
 */
export const KNOWN_MSGTYPES = [
  'text',
  'image',
  'voice',
  'video',
  'file',
  'link',
  'weapp',
  'card',
  'location',
  'emotion',
  'chatrecord',
  'todo',
  'redpacket',
  'external_redpacket',
  'meeting',
  'docmsg',
  'markdown',
  'news',
  'calendar',
  'mixed',
  'revoke',
  'agree',
  'disagree',
] as const;
export type KnownMsgtype = (typeof KNOWN_MSGTYPES)[number];

export function isKnownMsgtype(value: string): value is KnownMsgtype {
  return (KNOWN_MSGTYPES as readonly string[]).includes(value);
}

/** The types worth offering as a search filter (system lines are not searched for). */
export const SEARCHABLE_MSGTYPES: readonly KnownMsgtype[] = KNOWN_MSGTYPES.filter(
  (type) => type !== 'revoke' && type !== 'agree' && type !== 'disagree',
);
