import type { ContactUserFields, DirectoryUser } from '@keeper/bot';
import { MemberStatus } from '@keeper/shared';
import type { MemberPatch, MemberRecord } from './org.repository';

/**
 * WeCom's member status: 1 active, 2 disabled, 4 not activated, 5 left the corp. Anything else, or nothing,
 * is unknown: never taken for active.
 */
export function memberStatusOf(wecomStatus: number | undefined): MemberStatus | undefined {
  switch (wecomStatus) {
    case 1:
      return MemberStatus.Active;
    case 2:
      return MemberStatus.Disabled;
    case 4:
      return MemberStatus.Inactive;
    case 5:
      return MemberStatus.Departed;
    default:
      return undefined;
  }
}

const GENDERS: Record<string, string> = { '1': 'male', '2': 'female' };

/** A member as the directory API returns it. */
export function memberFromDirectory(user: DirectoryUser): MemberRecord {
  const departments = user.department ?? [];
  return {
    userId: user.userid,
    name: user.name ?? user.userid,
    mainDepartmentId:
      user.main_department !== undefined
        ? String(user.main_department)
        : departments[0] !== undefined
          ? String(departments[0])
          : null,
    position: user.position || null,
    mobile: user.mobile || null,
    email: user.email || user.biz_mail || null,
    avatar: user.avatar || null,
    gender: user.gender ? (GENDERS[user.gender] ?? null) : null,
    // The directory lists this member right now: without a status they are there.
    status: memberStatusOf(user.status) ?? MemberStatus.Active,
    departments: departments.map((id, index) => ({
      departmentId: String(id),
      isLeader: user.is_leader_in_dept?.[index] === 1,
    })),
  };
}

/**
 * What a change_contact callback says about a member: only the fields it carries. Callback URLs set up after
 * 2022-08-15 carry only UserID and Department, so everything else is usually absent — and absent means
 * unknown, never empty or active.
 */
export function memberFromCallback(fields: ContactUserFields, userId: string): MemberPatch {
  const patch: MemberPatch = { userId };
  if (fields.name !== undefined) patch.name = fields.name;
  if (fields.department !== undefined) {
    patch.departments = fields.department.map((id, index) => ({
      departmentId: String(id),
      isLeader: fields.isLeaderInDept?.[index] === true,
    }));
  }
  if (fields.mainDepartment !== undefined) patch.mainDepartmentId = String(fields.mainDepartment);
  if (fields.position !== undefined) patch.position = fields.position || null;
  if (fields.mobile !== undefined) patch.mobile = fields.mobile || null;
  const email = fields.email ?? fields.bizMail;
  if (email !== undefined) patch.email = email || null;
  if (fields.avatar !== undefined) patch.avatar = fields.avatar || null;
  if (fields.gender !== undefined) patch.gender = GENDERS[String(fields.gender)] ?? null;
  const status = memberStatusOf(fields.status);
  if (status !== undefined) patch.status = status;
  return patch;
}
