import {
  DEFAULT_TRANSFER_MESSAGE,
  type Distribution,
  type HandoverKind,
  type PlanRequest,
  type Selection,
} from '@keeper/shared';
import type { MessageKey } from '@/locales';
import { shanghaiDayEndIso, shanghaiDayStartIso } from '@/utils/datetime';

export type SelectionMode = Selection['mode'];
export type DistributionMode = Distribution['mode'];

export const SELECTION_MODES: readonly SelectionMode[] = ['all', 'filter', 'ids'];
export const DISTRIBUTION_MODES: readonly DistributionMode[] = ['single', 'even', 'load', 'co_owner'];

/** The planner's form as the person fills it in; `toPlanRequest` turns it into the contract's plan. */
export interface PlannerForm {
  selection: SelectionMode;
  // Cleared selects set their model to '' or undefined, depending on the component and version.
  tagId: string | undefined;
  /** The 联系我 channel state. */
  channel: string;
  /** China calendar days (`YYYY-MM-DD`), both inclusive. */
  addedRange: [string, string] | null;
  /** China calendar days: the last chat with the member was before this day began, or on it or later. */
  lastChatBefore: string | null;
  lastChatAfter: string | null;
  distribution: DistributionMode;
  /** One MemberSelect a row; empty rows are left out. */
  receivers: (string | undefined)[];
  includeGroups: boolean;
  /** On-duty only: what the customer sees. */
  message: string;
}

export function emptyPlannerForm(): PlannerForm {
  return {
    selection: 'all',
    tagId: undefined,
    channel: '',
    addedRange: null,
    lastChatBefore: null,
    lastChatAfter: null,
    distribution: 'single',
    receivers: [undefined],
    includeGroups: true,
    message: DEFAULT_TRANSFER_MESSAGE,
  };
}

/** The receivers the plan names: the filled rows, each once, and only the first for a single receiver. */
export function plannedReceivers(form: PlannerForm): string[] {
  const unique = [...new Set(form.receivers.filter((each): each is string => Boolean(each)))];
  return form.distribution === 'single' ? unique.slice(0, 1) : unique;
}

function toSelection(form: PlannerForm, checkedIds: readonly string[]): Selection {
  switch (form.selection) {
    case 'all':
      return { mode: 'all' };
    case 'ids':
      return { mode: 'ids', externalUserIds: [...checkedIds] };
    case 'filter': {
      const [from, to] = form.addedRange ?? [];
      const selection: Selection = { mode: 'filter' };
      if (form.tagId) selection.tagId = form.tagId;
      if (form.channel.trim()) selection.channel = form.channel.trim();
      if (from) selection.addedFrom = shanghaiDayStartIso(from);
      if (to) selection.addedTo = shanghaiDayEndIso(to);
      if (form.lastChatBefore) selection.lastChatBefore = shanghaiDayStartIso(form.lastChatBefore);
      if (form.lastChatAfter) selection.lastChatAfter = shanghaiDayStartIso(form.lastChatAfter);
      return selection;
    }
  }
}

/**
 * The plan the form describes, or what is missing in words (a message key): a receiver, ticked customers for
 * "勾选的客户", the message for an on-duty case. The preview and the start send the same plan.
 */
export function toPlanRequest(
  form: PlannerForm,
  kind: HandoverKind,
  checkedIds: readonly string[],
): { plan: PlanRequest } | { problem: MessageKey } {
  const receivers = plannedReceivers(form);
  if (!receivers.length) return { problem: 'handover.receiversRequired' };
  if (form.selection === 'ids' && !checkedIds.length) return { problem: 'handover.idsRequired' };
  const message = form.message.trim();
  if (kind === 'on_job' && !message) return { problem: 'handover.messageRequired' };
  return {
    plan: {
      selection: toSelection(form, checkedIds),
      distribution: { mode: form.distribution, receivers },
      includeGroups: form.includeGroups,
      ...(kind === 'on_job' ? { message } : {}),
    },
  };
}
