import dayjs from 'dayjs';
import {
  BROADCAST_ATTACHMENTS_MAX,
  BROADCAST_TEXT_MAX_BYTES,
  utf8Bytes,
  type AudienceFilter,
  type Campaign,
  type CampaignInput,
  type CampaignKind,
  type GroupAudience,
  type OwnerPolicy,
  type StaffAudience,
  type StaffMessage,
} from '@keeper/shared';
import type { MessageKey } from '@/locales';
import { DISPLAY_TIME_ZONE, shanghaiWallClockToIso } from '@/utils/datetime';
import {
  cloneFilter,
  DEFAULT_OWNER_POLICY,
  emptyFilter,
  emptyGroupAudience,
  emptyStaffAudience,
  normalizeFilter,
  sameFilter,
} from '../../audience';

export const DEFAULT_DEADLINE_DAYS = 7;
export const DEFAULT_RECENT_DAYS = 7;
const WALL_CLOCK = 'YYYY-MM-DD HH:mm:ss';

/** Every field of every kind of staff message, so switching the type keeps what was typed. */
export interface StaffMessageForm {
  msgtype: StaffMessage['msgtype'];
  content: string;
  title: string;
  description: string;
  url: string;
  btntxt: string;
}

/** What the stepped form edits; `toCampaignInput` turns it into the API's body for the chosen kind. */
export interface CampaignForm {
  name: string;
  kind: CampaignKind;
  audience: AudienceFilter;
  ownerPolicy: OwnerPolicy;
  /** The segment the audience was started from, and its filter then (to tell whether it was changed since). */
  segmentId: string | undefined;
  segmentFilter: AudienceFilter | undefined;
  groupAudience: GroupAudience;
  staffAudience: StaffAudience;
  text: string;
  materialIds: string[];
  staffMessage: StaffMessageForm;
  recentOn: boolean;
  recentDays: number;
  allowSelect: boolean;
  scheduleMode: 'now' | 'later';
  /** China wall-clock time, `YYYY-MM-DD HH:mm:ss`, as the date picker gives it. */
  scheduledAt: string;
  deadlineDays: number;
}

export function emptyCampaignForm(): CampaignForm {
  return {
    name: '',
    kind: 'customers',
    audience: emptyFilter(),
    ownerPolicy: { ...DEFAULT_OWNER_POLICY },
    segmentId: undefined,
    segmentFilter: undefined,
    groupAudience: emptyGroupAudience(),
    staffAudience: emptyStaffAudience(),
    text: '',
    materialIds: [],
    staffMessage: { msgtype: 'text', content: '', title: '', description: '', url: '', btntxt: '' },
    recentOn: false,
    recentDays: DEFAULT_RECENT_DAYS,
    allowSelect: false,
    scheduleMode: 'now',
    scheduledAt: '',
    deadlineDays: DEFAULT_DEADLINE_DAYS,
  };
}

function staffMessageForm(message: StaffMessage | null): StaffMessageForm {
  const form = emptyCampaignForm().staffMessage;
  if (!message) return form;
  if (message.msgtype === 'textcard') {
    return {
      ...form,
      msgtype: 'textcard',
      title: message.title,
      description: message.description,
      url: message.url,
      btntxt: message.btntxt ?? '',
    };
  }
  return { ...form, msgtype: message.msgtype, content: message.content };
}

/** A saved draft (or a rejected campaign) back into the form. */
export function campaignToForm(campaign: Campaign): CampaignForm {
  return {
    ...emptyCampaignForm(),
    name: campaign.name,
    kind: campaign.kind,
    audience: campaign.audience ? cloneFilter(campaign.audience) : emptyFilter(),
    ownerPolicy: { ...campaign.ownerPolicy },
    groupAudience: campaign.groupAudience
      ? { ...campaign.groupAudience, chatIds: [...campaign.groupAudience.chatIds] }
      : emptyGroupAudience(),
    staffAudience: campaign.staffAudience ? { ...campaign.staffAudience } : emptyStaffAudience(),
    text: campaign.content.text,
    materialIds: [...campaign.content.materialIds],
    staffMessage: staffMessageForm(campaign.staffMessage),
    recentOn: campaign.recentDays !== null,
    recentDays: campaign.recentDays ?? DEFAULT_RECENT_DAYS,
    allowSelect: campaign.allowSelect,
    scheduleMode: campaign.scheduledAt ? 'later' : 'now',
    scheduledAt: campaign.scheduledAt
      ? dayjs(campaign.scheduledAt).tz(DISPLAY_TIME_ZONE).format(WALL_CLOCK)
      : '',
    deadlineDays: campaign.deadlineDays,
  };
}

function staffMessage(form: StaffMessageForm): StaffMessage {
  if (form.msgtype === 'textcard') {
    return {
      msgtype: 'textcard',
      title: form.title.trim(),
      description: form.description.trim(),
      url: form.url.trim(),
      ...(form.btntxt.trim() ? { btntxt: form.btntxt.trim() } : {}),
    };
  }
  return { msgtype: form.msgtype, content: form.content.trim() };
}

/**
 * The API's body: the audience and content of the chosen kind only. The segment goes along only while the
 * audience is still the segment's own, so the server cannot tell a changed audience from the segment's.
 */
export function toCampaignInput(form: CampaignForm): CampaignInput {
  const base = {
    name: form.name.trim(),
    kind: form.kind,
    ownerPolicy: DEFAULT_OWNER_POLICY,
    content: { text: '', materialIds: [] as string[] },
    recentDays: null as number | null,
    allowSelect: false,
    scheduledAt:
      form.scheduleMode === 'later' && form.scheduledAt ? shanghaiWallClockToIso(form.scheduledAt) : null,
    deadlineDays: form.deadlineDays,
  };
  if (form.kind === 'staff') {
    return {
      ...base,
      staffAudience: { ...form.staffAudience },
      staffMessage: staffMessage(form.staffMessage),
    };
  }
  const content = { text: form.text, materialIds: [...form.materialIds] };
  if (form.kind === 'groups') {
    const nameContains = form.groupAudience.nameContains?.trim();
    return {
      ...base,
      content,
      groupAudience: { ...form.groupAudience, nameContains: nameContains || undefined },
    };
  }
  const keepsSegment =
    form.segmentId !== undefined &&
    form.segmentFilter !== undefined &&
    sameFilter(form.audience, form.segmentFilter);
  return {
    ...base,
    content,
    audience: normalizeFilter(form.audience),
    ...(keepsSegment ? { segmentId: form.segmentId } : {}),
    ownerPolicy: form.ownerPolicy,
    recentDays: form.recentOn ? form.recentDays : null,
    allowSelect: form.allowSelect,
  };
}

/** The form's steps, in order. */
export const STEPS = ['audience', 'content', 'schedule', 'review'] as const;
export type Step = (typeof STEPS)[number];

/** What keeps a step from being left, as a message key; null when it is complete. */
export function stepProblem(form: CampaignForm, step: Step, now: Date = new Date()): MessageKey | null {
  switch (step) {
    case 'audience':
      if (!form.name.trim()) return 'marketing.form.nameRequired';
      if (
        form.kind === 'customers' &&
        form.ownerPolicy.policy === 'department_first' &&
        !form.ownerPolicy.departmentId
      )
        return 'marketing.form.policyDepartmentRequired';
      return null;
    case 'content':
      return contentProblem(form);
    case 'schedule':
      if (form.scheduleMode === 'later') {
        if (!form.scheduledAt) return 'marketing.form.scheduledAtRequired';
        if (!dayjs(shanghaiWallClockToIso(form.scheduledAt)).isAfter(now))
          return 'marketing.form.scheduledAtPast';
      }
      return null;
    case 'review':
      return null;
  }
}

function contentProblem(form: CampaignForm): MessageKey | null {
  if (form.kind === 'staff') {
    const message = form.staffMessage;
    if (message.msgtype !== 'textcard')
      return message.content.trim() ? null : 'marketing.form.staffContentRequired';
    if (!message.title.trim() || !message.description.trim()) return 'marketing.form.textcardRequired';
    if (!/^https?:\/\/\S+$/i.test(message.url.trim())) return 'marketing.form.textcardUrl';
    return null;
  }
  if (!form.text.trim() && !form.materialIds.length) return 'marketing.form.contentRequired';
  if (utf8Bytes(form.text) > BROADCAST_TEXT_MAX_BYTES) return 'marketing.form.textTooLong';
  if (form.materialIds.length > BROADCAST_ATTACHMENTS_MAX) return 'marketing.form.tooManyAttachments';
  return null;
}
