import type { ContactUserFields, DirectoryUser } from '@keeper/bot';
import { MemberStatus } from '@keeper/shared';
import type { MemberRecord } from './org.repository';

/** WeCom's member status: 1 active, 2 disabled, 4 not activated, 5 left the corp. */
export function memberStatusOf(wecomStatus: number | undefined): MemberStatus {
  switch (wecomStatus) {
    case 2:
      return MemberStatus.Disabled;
    case 4:
      return MemberStatus.Inactive;
    case 5:
      return MemberStatus.Departed;
    default:
      return MemberStatus.Active;
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
    status: memberStatusOf(user.status),
    departments: departments.map((id, index) => ({
      departmentId: String(id),
      isLeader: user.is_leader_in_dept?.[index] === 1,
    })),
  };
}

/** A member as a change_contact callback describes it (newer callback URLs send only UserID and Department). */
export function memberFromCallback(fields: ContactUserFields, userId: string): MemberRecord {
  const departments = fields.department ?? [];
  return {
    userId,
    name: fields.name ?? userId,
    mainDepartmentId:
      fields.mainDepartment !== undefined
        ? String(fields.mainDepartment)
        : departments[0] !== undefined
          ? String(departments[0])
          : null,
    position: fields.position ?? null,
    mobile: fields.mobile ?? null,
    email: fields.email ?? fields.bizMail ?? null,
    avatar: fields.avatar ?? null,
    gender: fields.gender !== undefined ? (GENDERS[String(fields.gender)] ?? null) : null,
    status: memberStatusOf(fields.status),
    departments: departments.map((id, index) => ({
      departmentId: String(id),
      isLeader: fields.isLeaderInDept?.[index] === true,
    })),
  };
}
