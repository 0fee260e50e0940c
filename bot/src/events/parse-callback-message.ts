import { parseWeComXml, type ParseXmlOptions, type XmlObject } from '../callback/callback-xml';
import { callbackSchemas, isKnownCallbackType } from './event-schemas';
import type { UnknownCallback, WeComCallbackEvent } from './event-types';

/**
 * Parses a decrypted callback (the inner XML) into the typed model.
 * Malformed XML throws a `CallbackError` (`xml_invalid` / `payload_too_large`); well-formed XML always yields an
 * event — callbacks Keeper does not model, or whose fields fail validation, become `type: 'unknown'` with the raw
 * content, so the inbox keeps them and the dispatcher can park them visibly instead of crashing.
 */
export function parseCallbackMessage(xml: string, options?: ParseXmlOptions): WeComCallbackEvent {
  return toCallbackEvent(parseWeComXml(xml, options));
}

export function toCallbackEvent(raw: XmlObject): WeComCallbackEvent {
  const msgType = textOf(raw.MsgType);
  const event = textOf(raw.Event);
  const changeType = textOf(raw.ChangeType);
  const type = discriminantOf(msgType, event, changeType);

  if (type === undefined || !isKnownCallbackType(type)) {
    return unknownCallback(raw, 'unrecognised', []);
  }
  const result = callbackSchemas[type].safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return unknownCallback(raw, 'invalid', issues);
}

function discriminantOf(
  msgType: string | undefined,
  event: string | undefined,
  changeType: string | undefined,
): string | undefined {
  if (msgType === undefined) return undefined;
  if (msgType !== 'event') return `message.${msgType}`;
  if (event === undefined) return undefined;
  if (event === 'msgaudit_notify') return event;
  return changeType === undefined ? event : `${event}.${changeType}`;
}

function unknownCallback(
  raw: XmlObject,
  reason: UnknownCallback['reason'],
  issues: string[],
): UnknownCallback {
  const createTime = textOf(raw.CreateTime);
  return {
    type: 'unknown',
    reason,
    msgType: textOf(raw.MsgType),
    event: textOf(raw.Event),
    changeType: textOf(raw.ChangeType),
    fromUserName: textOf(raw.FromUserName),
    createTime: createTime !== undefined && /^\d{1,15}$/.test(createTime) ? Number(createTime) : undefined,
    msgId: textOf(raw.MsgId),
    issues,
    raw,
  };
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
