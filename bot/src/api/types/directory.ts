import type { WeComReply } from '../wecom-http';

/** GET /cgi-bin/department/list */
export interface Department {
  readonly id: number;
  readonly name?: string;
  readonly name_en?: string;
  readonly parentid: number;
  readonly order?: number;
  readonly department_leader?: readonly string[];
}
export interface DepartmentListReply extends WeComReply {
  readonly department: readonly Department[];
}

/** GET /cgi-bin/user/get and the entries of /cgi-bin/user/list. Most fields depend on the app's permissions. */
export interface DirectoryUser {
  readonly userid: string;
  readonly name?: string;
  readonly department?: readonly number[];
  readonly order?: readonly number[];
  readonly position?: string;
  readonly mobile?: string;
  /** "0" unknown, "1" male, "2" female. */
  readonly gender?: string;
  readonly email?: string;
  readonly biz_mail?: string;
  readonly is_leader_in_dept?: readonly number[];
  readonly direct_leader?: readonly string[];
  readonly avatar?: string;
  readonly thumb_avatar?: string;
  readonly telephone?: string;
  readonly alias?: string;
  /** 1 active, 2 disabled, 4 not activated, 5 left. */
  readonly status?: number;
  readonly main_department?: number;
  readonly qr_code?: string;
  readonly open_userid?: string;
  readonly address?: string;
}
export interface UserGetReply extends WeComReply, DirectoryUser {}
export interface UserListReply extends WeComReply {
  readonly userlist: readonly DirectoryUser[];
}

/** POST /cgi-bin/user/list_id: every member's id, paged; for corps too large for user/list. */
export interface UserListIdRequest {
  readonly cursor?: string;
  /** 1–10000, default 10000. */
  readonly limit?: number;
}
export interface UserListIdReply extends WeComReply {
  readonly next_cursor?: string;
  readonly dept_user: readonly { readonly userid: string; readonly department: number }[];
}
