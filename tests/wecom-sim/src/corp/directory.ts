import type { Department, Staff } from './types.js';

/** Departments and members. A departed member stays here (with dimissionTime) for the resigned-transfer APIs. */
export class Directory {
  readonly departments = new Map<number, Department>();
  readonly staff = new Map<string, Staff>();

  /** A member still in the directory (not departed); disabled or not-activated members count. */
  member(userid: string): Staff | undefined {
    const s = this.staff.get(userid);
    return s && s.dimissionTime === undefined ? s : undefined;
  }

  departed(userid: string): Staff | undefined {
    const s = this.staff.get(userid);
    return s && s.dimissionTime !== undefined ? s : undefined;
  }

  members(): Staff[] {
    return [...this.staff.values()].filter((s) => s.dimissionTime === undefined);
  }

  /** The department and all below it, parents before children. */
  subtree(id: number): number[] {
    if (!this.departments.has(id)) return [];
    const out = [id];
    for (let i = 0; i < out.length; i++) {
      for (const d of this.departments.values())
        if (d.parentid === out[i] && d.id !== d.parentid) out.push(d.id);
    }
    return out;
  }

  membersOf(departmentIds: number[]): Staff[] {
    const wanted = new Set(departmentIds);
    return this.members().filter((s) => s.department.some((d) => wanted.has(d)));
  }

  nextDepartmentId(): number {
    return Math.max(0, ...this.departments.keys()) + 1;
  }
}
