import type { XmlField } from './xml.js';

/** One callback to deliver: its XML fields plus names for the log. */
export interface CallbackEvent {
  event: string;
  changeType?: string;
  fields: XmlField[];
}

function header(corpId: string, createTime: number, event: string): XmlField[] {
  return [
    ['ToUserName', corpId],
    ['FromUserName', 'sys'],
    ['CreateTime', createTime],
    ['MsgType', 'event'],
    ['Event', event],
  ];
}

/** Optional fields are left out when undefined, as WeCom omits them (e.g. no WelcomeCode after a prior chat). */
function present(fields: ReadonlyArray<readonly [string, string | number | undefined]>): XmlField[] {
  return fields.filter((f): f is readonly [string, string | number] => f[1] !== undefined);
}

export type ExternalContactChange =
  | 'add_external_contact'
  | 'edit_external_contact'
  | 'add_half_external_contact'
  | 'del_external_contact'
  | 'del_follow_user'
  | 'transfer_fail'
  | 'msg_audit_approved';

export interface ExternalContactFields {
  UserID: string;
  ExternalUserID: string;
  State?: string;
  WelcomeCode?: string;
  Source?: string;
  FailReason?: string;
}

export function externalContactEvent(
  corpId: string,
  time: number,
  change: ExternalContactChange,
  f: ExternalContactFields,
): CallbackEvent {
  return {
    event: 'change_external_contact',
    changeType: change,
    fields: [
      ...header(corpId, time, 'change_external_contact'),
      ['ChangeType', change],
      ...present([
        ['UserID', f.UserID],
        ['ExternalUserID', f.ExternalUserID],
        ['State', f.State],
        ['WelcomeCode', f.WelcomeCode],
        ['Source', f.Source],
        ['FailReason', f.FailReason],
      ]),
    ],
  };
}

export type ExternalChatUpdate =
  'add_member' | 'del_member' | 'change_owner' | 'change_name' | 'change_notice';

export interface ExternalChatFields {
  ChatId: string;
  UpdateDetail?: ExternalChatUpdate;
  JoinScene?: number;
  QuitScene?: number;
  MemChangeList?: string[];
  LastMemVer?: number;
  CurMemVer?: number;
}

export function externalChatEvent(
  corpId: string,
  time: number,
  change: 'create' | 'update' | 'dismiss',
  f: ExternalChatFields,
): CallbackEvent {
  const fields: XmlField[] = [
    ...header(corpId, time, 'change_external_chat'),
    ['ChatId', f.ChatId],
    ['ChangeType', change],
    ...present([
      ['UpdateDetail', f.UpdateDetail],
      ['JoinScene', f.JoinScene],
      ['QuitScene', f.QuitScene],
      ['MemChangeCnt', f.MemChangeList?.length],
    ]),
  ];
  if (f.MemChangeList) fields.push(['MemChangeList', { items: f.MemChangeList }]);
  fields.push(
    ...present([
      ['LastMemVer', f.LastMemVer],
      ['CurMemVer', f.CurMemVer],
    ]),
  );
  return { event: 'change_external_chat', changeType: change, fields };
}

export function externalTagEvent(
  corpId: string,
  time: number,
  change: 'create' | 'update' | 'delete' | 'shuffle',
  f: { Id: string; TagType: 'tag' | 'tag_group'; StrategyId?: number },
): CallbackEvent {
  return {
    event: 'change_external_tag',
    changeType: change,
    fields: [
      ...header(corpId, time, 'change_external_tag'),
      ['Id', f.Id],
      ['TagType', f.TagType],
      ['ChangeType', change],
      ...present([['StrategyId', f.StrategyId]]),
    ],
  };
}

export interface UserFields {
  UserID: string;
  NewUserID?: string;
  Name?: string;
  Department?: string;
  MainDepartment?: number;
  IsLeaderInDept?: string;
  DirectLeader?: string;
  Position?: string;
  Mobile?: string;
  Gender?: number;
  Email?: string;
  Status?: number;
  Avatar?: string;
  Alias?: string;
}

export function contactUserEvent(
  corpId: string,
  time: number,
  change: 'create_user' | 'update_user' | 'delete_user',
  f: UserFields,
): CallbackEvent {
  return {
    event: 'change_contact',
    changeType: change,
    fields: [
      ...header(corpId, time, 'change_contact'),
      ['ChangeType', change],
      ...present([
        ['UserID', f.UserID],
        ['NewUserID', f.NewUserID],
        ['Name', f.Name],
        ['Department', f.Department],
        ['MainDepartment', f.MainDepartment],
        ['IsLeaderInDept', f.IsLeaderInDept],
        ['DirectLeader', f.DirectLeader],
        ['Position', f.Position],
        ['Mobile', f.Mobile],
        ['Gender', f.Gender],
        ['Email', f.Email],
        ['Status', f.Status],
        ['Avatar', f.Avatar],
        ['Alias', f.Alias],
      ]),
    ],
  };
}

export function contactPartyEvent(
  corpId: string,
  time: number,
  change: 'create_party' | 'update_party' | 'delete_party',
  f: { Id: number; Name?: string; ParentId?: number; Order?: number },
): CallbackEvent {
  return {
    event: 'change_contact',
    changeType: change,
    fields: [
      ...header(corpId, time, 'change_contact'),
      ['ChangeType', change],
      ...present([
        ['Id', f.Id],
        ['Name', f.Name],
        ['ParentId', f.ParentId],
        ['Order', f.Order],
      ]),
    ],
  };
}

/** AgentID is a bare integer here, unlike in other events (protocol.md §2.4 quirks). */
export function msgauditNotifyEvent(corpId: string, time: number, agentId: number): CallbackEvent {
  return {
    event: 'msgaudit_notify',
    fields: [
      ['ToUserName', corpId],
      ['FromUserName', 'sys'],
      ['CreateTime', time],
      ['MsgType', 'event'],
      ['AgentID', agentId],
      ['Event', 'msgaudit_notify'],
    ],
  };
}
