import { z } from 'zod';
import { avatarUrl } from '../api/views.js';
import { contactPartyEvent, contactUserEvent, type UserFields } from '../callbacks/events.js';
import type { Staff } from '../corp/types.js';
import type { Sim } from '../sim.js';
import { activeMember, type CallbackRef, ref } from './helpers.js';
import { notFound, ScenarioError } from './scenario-error.js';

const dropCallback = z.boolean().optional();

/** The event fields: everything, or only UserID and Department for URLs set up after 2022-08-15. */
function userFields(sim: Sim, s: Staff): UserFields {
  const base = { UserID: s.userid, Department: s.department.join(',') };
  if (sim.config.callbacks.contactEventDetail === 'minimal') return base;
  return {
    ...base,
    Name: s.name,
    MainDepartment: s.main_department,
    IsLeaderInDept: s.is_leader_in_dept.join(','),
    DirectLeader: s.direct_leader.join(','),
    Position: s.position,
    Mobile: s.mobile,
    Gender: Number(s.gender),
    Email: s.email,
    Status: s.status,
    Avatar: avatarUrl(sim.publicUrl, s.avatar),
    Alias: s.alias,
  };
}

function checkDepartments(sim: Sim, ids: readonly number[]): void {
  for (const id of ids) if (!sim.state.directory.departments.has(id)) throw notFound(`department ${id}`);
}

export const memberJoinsInput = z.object({
  userid: z
    .string()
    .regex(/^[A-Za-z0-9_.@-]{1,64}$/)
    .optional(),
  name: z.string().min(1),
  department: z.array(z.number().int()).min(1).default([1]),
  position: z.string().default(''),
  mobile: z.string().default(''),
  gender: z.enum(['0', '1', '2']).default('0'),
  email: z.string().default(''),
  status: z.union([z.literal(1), z.literal(2), z.literal(4)]).default(1),
  externalContactEnabled: z.boolean().default(true),
  dropCallback,
});

/** Someone joins the corp: create_user. */
export function memberJoins(
  sim: Sim,
  raw: z.input<typeof memberJoinsInput>,
): CallbackRef & { userid: string } {
  const input = memberJoinsInput.parse(raw);
  const dir = sim.state.directory;
  checkDepartments(sim, input.department);
  const userid = input.userid ?? `sim${sim.state.rng.chars(8, '0123456789')}`;
  if (dir.staff.has(userid)) throw new ScenarioError(409, `userid ${userid} exists`);
  const s: Staff = {
    userid,
    name: input.name,
    department: input.department,
    main_department: input.department[0] ?? 1,
    is_leader_in_dept: input.department.map(() => 0),
    direct_leader: [],
    position: input.position,
    mobile: input.mobile,
    gender: input.gender,
    email: input.email,
    alias: '',
    avatar: '',
    status: input.status,
    externalContactEnabled: input.externalContactEnabled,
  };
  dir.staff.set(userid, s);
  if (s.status === 1) sim.state.permitUsers.add(userid);
  const entry = sim.emit(
    contactUserEvent(sim.config.corpId, sim.clock.nowSec(), 'create_user', userFields(sim, s)),
    { drop: input.dropCallback === true },
  );
  return { userid, ...ref(entry) };
}

export const memberUpdatesInput = z.object({
  userid: z.string().min(1),
  name: z.string().min(1).optional(),
  department: z.array(z.number().int()).min(1).optional(),
  main_department: z.number().int().optional(),
  position: z.string().optional(),
  mobile: z.string().optional(),
  email: z.string().optional(),
  status: z.union([z.literal(1), z.literal(2), z.literal(4)]).optional(),
  externalContactEnabled: z.boolean().optional(),
  dropCallback,
});

/** An admin edits a member: update_user. */
export function memberUpdates(sim: Sim, raw: z.input<typeof memberUpdatesInput>): CallbackRef {
  const input = memberUpdatesInput.parse(raw);
  const s = activeMember(sim.state, input.userid);
  if (input.department) {
    checkDepartments(sim, input.department);
    s.department = input.department;
    s.is_leader_in_dept = input.department.map(() => 0);
    s.main_department = input.department.includes(s.main_department)
      ? s.main_department
      : (input.department[0] ?? 1);
  }
  if (input.main_department !== undefined) {
    if (!s.department.includes(input.main_department))
      throw new ScenarioError(400, 'main_department must be one of department');
    s.main_department = input.main_department;
  }
  if (input.name !== undefined) s.name = input.name;
  if (input.position !== undefined) s.position = input.position;
  if (input.mobile !== undefined) s.mobile = input.mobile;
  if (input.email !== undefined) s.email = input.email;
  if (input.status !== undefined) s.status = input.status;
  if (input.externalContactEnabled !== undefined) s.externalContactEnabled = input.externalContactEnabled;
  const entry = sim.emit(
    contactUserEvent(sim.config.corpId, sim.clock.nowSec(), 'update_user', userFields(sim, s)),
    { drop: input.dropCallback === true },
  );
  return ref(entry);
}

export const memberLeavesInput = z.object({ userid: z.string().min(1), dropCallback });

/**
 * A member leaves: gone from the directory (delete_user), while their customers wait in get_unassigned_list and
 * their groups show "owner left" until transferred.
 */
export function memberLeaves(
  sim: Sim,
  raw: z.input<typeof memberLeavesInput>,
): CallbackRef & { unassigned: number } {
  const input = memberLeavesInput.parse(raw);
  const state = sim.state;
  const s = activeMember(state, input.userid);
  s.dimissionTime = sim.clock.nowSec();
  for (const d of state.directory.departments.values())
    d.department_leader = d.department_leader.filter((u) => u !== s.userid);
  const unassigned = state.customers.followsOfUser(s.userid).length;
  const entry = sim.emit(
    contactUserEvent(sim.config.corpId, sim.clock.nowSec(), 'delete_user', { UserID: s.userid }),
    {
      drop: input.dropCallback === true,
    },
  );
  return { unassigned, ...ref(entry) };
}

export const departmentInput = z.object({
  action: z.enum(['create', 'update', 'delete']),
  id: z.number().int().positive().optional(),
  name: z.string().min(1).max(64).optional(),
  parentid: z.number().int().positive().optional(),
  order: z.number().int().optional(),
  dropCallback,
});

/** An admin changes the department tree: create_party / update_party / delete_party. */
export function departmentChanges(
  sim: Sim,
  raw: z.input<typeof departmentInput>,
): CallbackRef & { id: number } {
  const input = departmentInput.parse(raw);
  const dir = sim.state.directory;
  const now = sim.clock.nowSec();
  const drop = { drop: input.dropCallback === true };
  if (input.action === 'create') {
    const parentid = input.parentid ?? 1;
    checkDepartments(sim, [parentid]);
    if (!input.name) throw new ScenarioError(400, 'name is required');
    const id = input.id ?? dir.nextDepartmentId();
    if (dir.departments.has(id)) throw new ScenarioError(409, `department ${id} exists`);
    const order = input.order ?? 0;
    dir.departments.set(id, { id, name: input.name, name_en: '', parentid, order, department_leader: [] });
    const entry = sim.emit(
      contactPartyEvent(sim.config.corpId, now, 'create_party', {
        Id: id,
        Name: input.name,
        ParentId: parentid,
        Order: order,
      }),
      drop,
    );
    return { id, ...ref(entry) };
  }
  if (input.id === undefined) throw new ScenarioError(400, 'id is required');
  const dep = dir.departments.get(input.id);
  if (!dep) throw notFound(`department ${input.id}`);
  if (input.action === 'update') {
    if (input.parentid !== undefined) {
      checkDepartments(sim, [input.parentid]);
      if (dir.subtree(dep.id).includes(input.parentid))
        throw new ScenarioError(400, 'a department cannot move under itself');
      dep.parentid = input.parentid;
    }
    if (input.name !== undefined) dep.name = input.name;
    if (input.order !== undefined) dep.order = input.order;
    const entry = sim.emit(
      contactPartyEvent(sim.config.corpId, now, 'update_party', {
        Id: dep.id,
        ...(input.name ? { Name: dep.name } : {}),
        ...(input.parentid ? { ParentId: dep.parentid } : {}),
      }),
      drop,
    );
    return { id: dep.id, ...ref(entry) };
  }
  // WeCom refuses to delete a department that still has members or sub-departments.
  if (dep.id === 1 || dir.subtree(dep.id).length > 1 || dir.membersOf([dep.id]).length > 0) {
    throw new ScenarioError(409, `department ${dep.id} is not empty`);
  }
  dir.departments.delete(dep.id);
  const entry = sim.emit(contactPartyEvent(sim.config.corpId, now, 'delete_party', { Id: dep.id }), drop);
  return { id: dep.id, ...ref(entry) };
}
