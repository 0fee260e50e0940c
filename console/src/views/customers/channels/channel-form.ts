import {
  BROADCAST_ATTACHMENTS_MAX,
  BROADCAST_TEXT_MAX_BYTES,
  utf8Bytes,
  type Channel,
  type ChannelInput,
  type ChannelShift,
} from '@keeper/shared';
import { translate } from '@/locales';

// The contract's limits (shared/src/channels.ts); the form says them in words before the server has to.
export const NAME_MAX = 64;
export const STATE_MAX = 30;
export const STATE_PATTERN = /^[A-Za-z0-9_-]+$/;
export const MEMBERS_MAX = 100;
export const SHIFTS_MAX = 20;
export const DAILY_CAP_MAX = 10_000;
export const BACKUPS_MAX = 20;
export const TAGS_MAX = 20;
export const REMARK_PREFIX_MAX = 20;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** 1 Monday … 7 Sunday, as the contract numbers them. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export interface ShiftDraft {
  weekdays: number[];
  /** `HH:mm`, or '' while not picked. */
  from: string;
  to: string;
  memberIds: string[];
}

export interface ChannelDraft {
  name: string;
  state: string;
  memberIds: string[];
  shifts: ShiftDraft[];
  /** Off: no cap. */
  capOn: boolean;
  dailyCap: number;
  backupMemberIds: string[];
  skipVerify: boolean;
  tagIds: string[];
  remarkPrefix: string;
  welcomeText: string;
  welcomeMaterialIds: string[];
}

export function emptyShift(): ShiftDraft {
  return { weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '18:00', memberIds: [] };
}

export function emptyDraft(): ChannelDraft {
  return {
    name: '',
    state: '',
    memberIds: [],
    shifts: [],
    capOn: false,
    dailyCap: 50,
    backupMemberIds: [],
    skipVerify: true,
    tagIds: [],
    remarkPrefix: '',
    welcomeText: '',
    welcomeMaterialIds: [],
  };
}

export function draftFrom(channel: Channel): ChannelDraft {
  return {
    name: channel.name,
    state: channel.state,
    memberIds: [...channel.memberIds],
    shifts: channel.shifts.map((shift) => ({
      weekdays: [...shift.weekdays],
      from: shift.from,
      to: shift.to,
      memberIds: [...shift.memberIds],
    })),
    capOn: channel.dailyCap !== null,
    dailyCap: channel.dailyCap ?? 50,
    backupMemberIds: [...channel.backupMemberIds],
    skipVerify: channel.skipVerify,
    tagIds: [...channel.tagIds],
    remarkPrefix: channel.remarkPrefix ?? '',
    welcomeText: channel.welcome.text,
    welcomeMaterialIds: [...channel.welcome.materialIds],
  };
}

/** The body `POST /api/channels` and `PUT /api/channels/:id` take. */
export function toInput(draft: ChannelDraft): ChannelInput {
  return {
    name: draft.name.trim(),
    state: draft.state.trim(),
    memberIds: [...draft.memberIds],
    shifts: draft.shifts.map((shift): ChannelShift => ({
      weekdays: [...shift.weekdays].sort((a, b) => a - b),
      from: shift.from,
      to: shift.to,
      memberIds: [...shift.memberIds],
    })),
    dailyCap: draft.capOn ? draft.dailyCap : null,
    backupMemberIds: [...draft.backupMemberIds],
    skipVerify: draft.skipVerify,
    tagIds: [...draft.tagIds],
    remarkPrefix: draft.remarkPrefix.trim() || null,
    welcome: { text: draft.welcomeText, materialIds: [...draft.welcomeMaterialIds] },
  };
}

export interface ChannelFormErrors {
  name?: string;
  state?: string;
  memberIds?: string;
  shifts?: string;
  /** By shift index. */
  shift: Record<number, string>;
  dailyCap?: string;
  backupMemberIds?: string;
  tagIds?: string;
  remarkPrefix?: string;
  welcome?: string;
}

/** Why a channel parameter is refused, or null: the contract's `channelStateSchema`, in words. */
export function stateProblem(value: string): string | null {
  const state = value.trim();
  if (!state) return translate('channels.rules.stateRequired');
  if (state.length > STATE_MAX) return translate('channels.rules.stateLength', { max: STATE_MAX });
  if (!STATE_PATTERN.test(state)) return translate('channels.rules.stateChars');
  return null;
}

function shiftProblem(shift: ShiftDraft): string | null {
  if (!shift.weekdays.length) return translate('channels.rules.shiftWeekdays');
  if (!TIME.test(shift.from) || !TIME.test(shift.to)) return translate('channels.rules.shiftTimes');
  if (!shift.memberIds.length) return translate('channels.rules.shiftMembers');
  if (shift.memberIds.length > MEMBERS_MAX)
    return translate('channels.rules.membersMax', { max: MEMBERS_MAX });
  return null;
}

/** Every field the contract would refuse, with the reason in the console's language. */
export function validateDraft(draft: ChannelDraft): ChannelFormErrors {
  const errors: ChannelFormErrors = { shift: {} };
  const name = draft.name.trim();
  if (!name) errors.name = translate('channels.rules.nameRequired');
  else if (name.length > NAME_MAX) errors.name = translate('channels.rules.nameLength', { max: NAME_MAX });

  errors.state = stateProblem(draft.state) ?? undefined;

  if (!draft.memberIds.length) errors.memberIds = translate('channels.rules.membersRequired');
  else if (draft.memberIds.length > MEMBERS_MAX)
    errors.memberIds = translate('channels.rules.membersMax', { max: MEMBERS_MAX });

  if (draft.shifts.length > SHIFTS_MAX)
    errors.shifts = translate('channels.rules.shiftsMax', { max: SHIFTS_MAX });
  draft.shifts.forEach((shift, index) => {
    const problem = shiftProblem(shift);
    if (problem) errors.shift[index] = problem;
  });

  if (
    draft.capOn &&
    (!Number.isInteger(draft.dailyCap) || draft.dailyCap < 1 || draft.dailyCap > DAILY_CAP_MAX)
  ) {
    errors.dailyCap = translate('channels.rules.dailyCap', { max: DAILY_CAP_MAX });
  }
  if (draft.backupMemberIds.length > BACKUPS_MAX)
    errors.backupMemberIds = translate('channels.rules.backupsMax', { max: BACKUPS_MAX });
  if (draft.tagIds.length > TAGS_MAX) errors.tagIds = translate('channels.rules.tagsMax', { max: TAGS_MAX });
  if (draft.remarkPrefix.trim().length > REMARK_PREFIX_MAX)
    errors.remarkPrefix = translate('channels.rules.remarkPrefixLength', { max: REMARK_PREFIX_MAX });

  if (utf8Bytes(draft.welcomeText) > BROADCAST_TEXT_MAX_BYTES)
    errors.welcome = translate('channels.rules.welcomeBytes', { max: BROADCAST_TEXT_MAX_BYTES });
  else if (draft.welcomeMaterialIds.length > BROADCAST_ATTACHMENTS_MAX)
    errors.welcome = translate('channels.rules.welcomeAttachments', { max: BROADCAST_ATTACHMENTS_MAX });
  return errors;
}

export function hasErrors(errors: ChannelFormErrors): boolean {
  const { shift, ...fields } = errors;
  return Object.keys(shift).length > 0 || Object.values(fields).some(Boolean);
}

/** `kept of added (percent)`, or null while no customer is old enough to tell. */
export function retention(
  kept: number | null,
  added: number,
): { kept: number; added: number; percent: number } | null {
  if (kept === null || added === 0) return null;
  return { kept, added, percent: Math.round((kept / added) * 1000) / 10 };
}
