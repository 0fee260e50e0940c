import type { z } from 'zod';
import type { Sim } from '../sim.js';
import { chat, chatInput, chatRecall, chatViolation, recallInput, violationInput } from './chat.scenarios.js';
import { confirmMassMessage, issueOauthCode, massConfirmInput, oauthCodeInput } from './client.scenarios.js';
import {
  addContact,
  addContactInput,
  completeTransfers,
  customerDeletesMember,
  customerRefusesTransfer,
  editContact,
  editContactInput,
  memberDeletesCustomer,
  msgAuditApproved,
  msgAuditApprovedInput,
  relationInput,
  takeoverFull,
  takeoverFullInput,
  transferFailInput,
  transferFails,
  transferRefusedInput,
} from './contact.scenarios.js';
import {
  departmentChanges,
  departmentInput,
  memberJoins,
  memberJoinsInput,
  memberLeaves,
  memberLeavesInput,
  memberUpdates,
  memberUpdatesInput,
} from './directory.scenarios.js';
import {
  groupCreate,
  groupCreateInput,
  groupDismiss,
  groupDismissInput,
  groupUpdate,
  groupUpdateInput,
} from './group.scenarios.js';
import { tagChangeInput, tagChanges } from './tag.scenarios.js';

export interface ScenarioDef {
  /** One line for the README and `wecom-sim --help`. */
  summary: string;
  input: z.ZodType;
  run(sim: Sim, input: unknown): unknown;
}

function def<S extends z.ZodType>(
  summary: string,
  input: S,
  run: (sim: Sim, input: z.input<S>) => unknown,
): ScenarioDef {
  return { summary, input, run: (sim, raw) => run(sim, input.parse(raw) as z.input<S>) };
}

/** Every scenario by its control-API name: `POST /__sim/scenarios/<name>`. */
export const scenarios: Record<string, ScenarioDef> = {
  'add-contact': def(
    'a customer adds a member (add_external_contact, State, WelcomeCode)',
    addContactInput,
    addContact,
  ),
  'member-deletes-customer': def(
    'the member deletes the customer (del_external_contact)',
    relationInput,
    memberDeletesCustomer,
  ),
  'customer-deletes-member': def(
    'the customer deletes the member (del_follow_user)',
    relationInput,
    customerDeletesMember,
  ),
  'edit-contact': def(
    'the member edits remark/tags in the client (edit_external_contact)',
    editContactInput,
    editContact,
  ),
  'msg-audit-approved': def(
    'the customer agrees (or not) to chat archiving (msg_audit_approved)',
    msgAuditApprovedInput,
    msgAuditApproved,
  ),
  'transfer-fail': def(
    'a waiting transfer is refused or over the limit (transfer_fail)',
    transferFailInput,
    transferFails,
  ),
  'transfer-refused': def(
    'the customer refuses a waiting transfer (status 3, transfer_fail customer_refused)',
    transferRefusedInput,
    customerRefusesTransfer,
  ),
  'takeover-full': def(
    'a member reaches the customer limit (due transfers to them: status 4, transfer_fail; new ones 40099)',
    takeoverFullInput,
    takeoverFull,
  ),
  'member-joins': def('a member joins (change_contact create_user)', memberJoinsInput, memberJoins),
  'member-updates': def('a member is edited (change_contact update_user)', memberUpdatesInput, memberUpdates),
  'member-leaves': def(
    'a member leaves (delete_user; customers become unassigned)',
    memberLeavesInput,
    memberLeaves,
  ),
  department: def(
    'a department is created/updated/deleted (create_party…)',
    departmentInput,
    departmentChanges,
  ),
  tag: def('corp tags change in the admin console (change_external_tag)', tagChangeInput, tagChanges),
  'group-create': def(
    'a customer group is created (change_external_chat create)',
    groupCreateInput,
    groupCreate,
  ),
  'group-update': def(
    'a group changes: members, owner, name, notice (update)',
    groupUpdateInput,
    groupUpdate,
  ),
  'group-dismiss': def(
    'a group is dismissed (change_external_chat dismiss)',
    groupDismissInput,
    groupDismiss,
  ),
  chat: def('messages are sent; they land in the archive', chatInput, chat),
  'chat-violation': def(
    'a member sends a violation (private WeChat, bank card, private payment)',
    violationInput,
    chatViolation,
  ),
  'chat-recall': def('a message is recalled (revoke)', recallInput, chatRecall),
  'mass-confirm': def(
    'the sender confirms a mass-message task in the client',
    massConfirmInput,
    confirmMassMessage,
  ),
  'oauth-code': def(
    'a member or customer logs in: a code for auth/getuserinfo',
    oauthCodeInput,
    issueOauthCode,
  ),
};

export { completeTransfers };
