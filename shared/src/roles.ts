import { z } from 'zod';

export const Role = {
  Admin: 'admin',
  Manager: 'manager',
  Auditor: 'auditor',
  Marketer: 'marketer',
  Staff: 'staff',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES = Object.values(Role) as [Role, ...Role[]];
export const roleSchema = z.enum(ROLES);

export const Permission = {
  /** Create, edit and disable console accounts. */
  UsersManage: 'users.manage',
  /** Read the access-audit log. */
  AccessAuditRead: 'access_audit.read',
  /** Read and sync the organisation (departments, staff). */
  OrgRead: 'org.read',
  OrgSync: 'org.sync',
  /** WeCom connection settings and checks, the callback inbox. */
  WeComAdmin: 'wecom.admin',
  CustomersRead: 'customers.read',
  CustomersWrite: 'customers.write',
  CustomersExport: 'customers.export',
  /** See phone numbers unmasked. */
  PhonesView: 'phones.view',
  ChatsRead: 'chats.read',
  ChatsExport: 'chats.export',
  AuditRulesManage: 'audit_rules.manage',
  ViolationsHandle: 'violations.handle',
  AlertsRead: 'alerts.read',
  ReassignRun: 'reassign.run',
  BroadcastsSend: 'broadcasts.send',
  /** Approve or reject campaigns when approval is required (a setting). */
  BroadcastsApprove: 'broadcasts.approve',
  /** Channel QR codes (渠道活码): create, change, download, see their figures. */
  ChannelsManage: 'channels.manage',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

const P = Permission;

/** What each role may do. A user's permissions are the union over their roles. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: Object.values(Permission),
  manager: [
    P.OrgRead,
    P.OrgSync,
    P.CustomersRead,
    P.CustomersWrite,
    P.CustomersExport,
    P.PhonesView,
    P.ChatsRead,
    P.ViolationsHandle,
    P.AlertsRead,
    P.ReassignRun,
    P.BroadcastsApprove,
    P.ChannelsManage,
  ],
  auditor: [
    P.OrgRead,
    P.CustomersRead,
    P.ChatsRead,
    P.ChatsExport,
    P.ViolationsHandle,
    P.AlertsRead,
    P.AuditRulesManage,
  ],
  marketer: [P.OrgRead, P.CustomersRead, P.BroadcastsSend, P.ChannelsManage],
  staff: [P.CustomersRead],
};

export function permissionsOf(roles: readonly Role[]): Permission[] {
  return [...new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]))].sort();
}

/**
 * Which part of the organisation a user sees. Admins see everything; others see the departments listed
 * (each with its whole sub-tree); a user with no department sees only what they own themselves.
 */
export const scopeSchema = z.object({
  all: z.boolean(),
  departmentIds: z.array(z.string()),
});
export type Scope = z.infer<typeof scopeSchema>;
