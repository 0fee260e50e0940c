import { z } from 'zod';
import type {
  ContactPartyFields,
  ContactUserFields,
  ExternalTagChangeType,
  WeComCallbackEvent,
} from './event-types';

/*
 * zod schemas from the parsed XML (every value a string, PascalCase names) to the typed events. The XML parser
 * keeps values as strings, so numbers are converted here, and only where the value is small (CreateTime, scenes,
 * department ids): 64-bit ids stay strings. A repeated scalar element arrives as an array and fails validation.
 */

const text = z.string();
/** WeCom sends empty elements for absent optional values (`<State><![CDATA[]]></State>`): treat both alike. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));
const integer = z
  .string()
  .regex(/^-?\d{1,15}$/, 'expected an integer')
  .transform(Number);
const optionalInteger = z
  .string()
  .regex(/^(-?\d{1,15})?$/, 'expected an integer')
  .optional()
  .transform((value) => (value === undefined || value === '' ? undefined : Number(value)));
/**
 * Department "1,2,3" → [1, 2, 3]. Every member is in at least one department, so an empty element is an absent
 * value (as for optionalText), never "in no department".
 */
const optionalIntegerList = z
  .string()
  .regex(/^(-?\d{1,15}(,-?\d{1,15})*)?$/, 'expected comma-separated integers')
  .optional()
  .transform((value) => (value === undefined || value === '' ? undefined : value.split(',').map(Number)));
/** IsLeaderInDept "1,0,0" → [true, false, false], aligned with Department: empty is absent too. */
const optionalFlagList = z
  .string()
  .regex(/^([01](,[01])*)?$/, 'expected comma-separated 0/1 flags')
  .optional()
  .transform((value) =>
    value === undefined || value === '' ? undefined : value.split(',').map((f) => f === '1'),
  );
const optionalTextList = z
  .string()
  .optional()
  .transform((value) => (value === undefined ? undefined : value === '' ? [] : value.split(',')));
/** `<MemChangeList><Item>a</Item><Item>b</Item></MemChangeList>`: one Item parses as a string, several as a list. */
const itemList = z
  .union([z.literal(''), z.object({ Item: z.union([z.string(), z.array(z.string())]).optional() })])
  .optional()
  .transform((value): string[] => {
    if (value === undefined || value === '' || value.Item === undefined) return [];
    return Array.isArray(value.Item) ? value.Item : [value.Item];
  });

const baseShape = { ToUserName: text, FromUserName: text, CreateTime: integer, AgentID: optionalText };
type Base = { ToUserName: string; FromUserName: string; CreateTime: number; AgentID: string | undefined };
function base(xml: Base) {
  return {
    toUserName: xml.ToUserName,
    fromUserName: xml.FromUserName,
    createTime: xml.CreateTime,
    agentId: xml.AgentID,
  };
}

const textMessage = z
  .object({ ...baseShape, MsgId: z.string().regex(/^\d{1,20}$/, 'expected a 64-bit id'), Content: text })
  .transform((xml) => ({
    type: 'message.text' as const,
    ...base(xml),
    msgId: xml.MsgId,
    content: xml.Content,
  }));

const contactShape = { ...baseShape, UserID: text, ExternalUserID: text };
type ContactXml = Base & { UserID: string; ExternalUserID: string };
function contact(xml: ContactXml) {
  return { ...base(xml), userId: xml.UserID, externalUserId: xml.ExternalUserID };
}

const externalContactAdded = z
  .object({ ...contactShape, State: optionalText, WelcomeCode: optionalText })
  .transform((xml) => ({
    type: 'change_external_contact.add_external_contact' as const,
    ...contact(xml),
    state: xml.State,
    welcomeCode: xml.WelcomeCode,
  }));
const externalContactHalfAdded = z
  .object({ ...contactShape, State: optionalText, WelcomeCode: optionalText })
  .transform((xml) => ({
    type: 'change_external_contact.add_half_external_contact' as const,
    ...contact(xml),
    state: xml.State,
    welcomeCode: xml.WelcomeCode,
  }));
const externalContactEdited = z
  .object(contactShape)
  .transform((xml) => ({ type: 'change_external_contact.edit_external_contact' as const, ...contact(xml) }));
const externalContactDeleted = z.object({ ...contactShape, Source: optionalText }).transform((xml) => ({
  type: 'change_external_contact.del_external_contact' as const,
  ...contact(xml),
  source: xml.Source,
}));
const followUserDeleted = z
  .object(contactShape)
  .transform((xml) => ({ type: 'change_external_contact.del_follow_user' as const, ...contact(xml) }));
const transferFailed = z
  .object({ ...contactShape, FailReason: z.enum(['customer_refused', 'customer_limit_exceed']) })
  .transform((xml) => ({
    type: 'change_external_contact.transfer_fail' as const,
    ...contact(xml),
    failReason: xml.FailReason,
  }));
const msgAuditApproved = z.object({ ...contactShape, WelcomeCode: optionalText }).transform((xml) => ({
  type: 'change_external_contact.msg_audit_approved' as const,
  ...contact(xml),
  welcomeCode: xml.WelcomeCode,
}));

const chatShape = { ...baseShape, ChatId: text };
const externalChatCreated = z
  .object(chatShape)
  .transform((xml) => ({ type: 'change_external_chat.create' as const, ...base(xml), chatId: xml.ChatId }));
const externalChatDismissed = z
  .object(chatShape)
  .transform((xml) => ({ type: 'change_external_chat.dismiss' as const, ...base(xml), chatId: xml.ChatId }));
const externalChatUpdated = z
  .object({
    ...chatShape,
    UpdateDetail: z.enum(['add_member', 'del_member', 'change_owner', 'change_name', 'change_notice']),
    JoinScene: optionalInteger,
    QuitScene: optionalInteger,
    MemChangeCnt: optionalInteger,
    MemChangeList: itemList,
    LastMemVer: optionalText,
    CurMemVer: optionalText,
  })
  .transform((xml) => ({
    type: 'change_external_chat.update' as const,
    ...base(xml),
    chatId: xml.ChatId,
    updateDetail: xml.UpdateDetail,
    joinScene: xml.JoinScene,
    quitScene: xml.QuitScene,
    memChangeCnt: xml.MemChangeCnt,
    memChangeList: xml.MemChangeList,
    lastMemVer: xml.LastMemVer,
    curMemVer: xml.CurMemVer,
  }));

function externalTag<C extends ExternalTagChangeType>(changeType: C) {
  // Shuffle may name no group (the groups themselves were reordered), so Id and TagType are optional throughout.
  return z
    .object({
      ...baseShape,
      Id: changeType === 'shuffle' ? optionalText : text,
      TagType: z.enum(['tag', 'tag_group']).optional(),
      StrategyId: optionalText,
    })
    .transform((xml) => ({
      type: `change_external_tag.${changeType}` as const,
      ...base(xml),
      id: xml.Id,
      tagType: xml.TagType,
      strategyId: xml.StrategyId,
    }));
}

const userShape = {
  ...baseShape,
  UserID: text,
  Name: optionalText,
  Department: optionalIntegerList,
  MainDepartment: optionalInteger,
  IsLeaderInDept: optionalFlagList,
  DirectLeader: optionalTextList,
  Position: optionalText,
  Mobile: optionalText,
  Gender: optionalInteger,
  Email: optionalText,
  BizMail: optionalText,
  Status: optionalInteger,
  Avatar: optionalText,
  Alias: optionalText,
  Telephone: optionalText,
  Address: optionalText,
};
const userObject = z.object(userShape);
function user(xml: z.output<typeof userObject>): ContactUserFields {
  return {
    userId: xml.UserID,
    name: xml.Name,
    department: xml.Department,
    mainDepartment: xml.MainDepartment,
    isLeaderInDept: xml.IsLeaderInDept,
    directLeader: xml.DirectLeader,
    position: xml.Position,
    mobile: xml.Mobile,
    gender: xml.Gender,
    email: xml.Email,
    bizMail: xml.BizMail,
    status: xml.Status,
    avatar: xml.Avatar,
    alias: xml.Alias,
    telephone: xml.Telephone,
    address: xml.Address,
  };
}
const userCreated = userObject.transform((xml) => ({
  type: 'change_contact.create_user' as const,
  ...base(xml),
  ...user(xml),
}));
const userUpdated = z.object({ ...userShape, NewUserID: optionalText }).transform((xml) => ({
  type: 'change_contact.update_user' as const,
  ...base(xml),
  ...user(xml),
  newUserId: xml.NewUserID,
}));
const userDeleted = z
  .object({ ...baseShape, UserID: text })
  .transform((xml) => ({ type: 'change_contact.delete_user' as const, ...base(xml), userId: xml.UserID }));

const partyObject = z.object({
  ...baseShape,
  Id: integer,
  Name: optionalText,
  ParentId: optionalInteger,
  Order: optionalInteger,
});
function party(xml: z.output<typeof partyObject>): ContactPartyFields {
  return { id: xml.Id, name: xml.Name, parentId: xml.ParentId, order: xml.Order };
}
const partyCreated = partyObject.transform((xml) => ({
  type: 'change_contact.create_party' as const,
  ...base(xml),
  ...party(xml),
}));
const partyUpdated = partyObject.transform((xml) => ({
  type: 'change_contact.update_party' as const,
  ...base(xml),
  ...party(xml),
}));
const partyDeleted = z
  .object({ ...baseShape, Id: integer })
  .transform((xml) => ({ type: 'change_contact.delete_party' as const, ...base(xml), id: xml.Id }));

const msgAuditNotify = z
  .object({ ...baseShape, AgentID: text })
  .transform((xml) => ({ type: 'msgaudit_notify' as const, ...base(xml) }));

type KnownEvent = Exclude<WeComCallbackEvent, { type: 'unknown' }>;

/**
 * The schema for each discriminant. Typing the map by `KnownEvent['type']` makes the compiler insist that every
 * modelled variant has a schema and that each schema produces exactly that variant.
 */
export const callbackSchemas: {
  readonly [T in KnownEvent['type']]: z.ZodType<Extract<KnownEvent, { type: T }>>;
} = {
  'message.text': textMessage,
  'change_external_contact.add_external_contact': externalContactAdded,
  'change_external_contact.add_half_external_contact': externalContactHalfAdded,
  'change_external_contact.edit_external_contact': externalContactEdited,
  'change_external_contact.del_external_contact': externalContactDeleted,
  'change_external_contact.del_follow_user': followUserDeleted,
  'change_external_contact.transfer_fail': transferFailed,
  'change_external_contact.msg_audit_approved': msgAuditApproved,
  'change_external_chat.create': externalChatCreated,
  'change_external_chat.update': externalChatUpdated,
  'change_external_chat.dismiss': externalChatDismissed,
  'change_external_tag.create': externalTag('create'),
  'change_external_tag.update': externalTag('update'),
  'change_external_tag.delete': externalTag('delete'),
  'change_external_tag.shuffle': externalTag('shuffle'),
  'change_contact.create_user': userCreated,
  'change_contact.update_user': userUpdated,
  'change_contact.delete_user': userDeleted,
  'change_contact.create_party': partyCreated,
  'change_contact.update_party': partyUpdated,
  'change_contact.delete_party': partyDeleted,
  msgaudit_notify: msgAuditNotify,
};

export function isKnownCallbackType(type: string): type is KnownEvent['type'] {
  return Object.hasOwn(callbackSchemas, type);
}
