import type { Simulator } from './keeper-with-simulator';

/** A department with every department below it, from the simulator's own tree. */
export function departmentSubtree(sim: Simulator, root: number): Set<number> {
  return new Set(sim.state.directory.subtree(root));
}

/** Active members (WeCom userids; departed staff left out) of a department and of every department below it. */
export function membersUnder(sim: Simulator, root: number): Set<string> {
  const { directory } = sim.state;
  return new Set(directory.membersOf(directory.subtree(root)).map((member) => member.userid));
}

/**
 * A customer followed by an active member inside a department and by one outside it (neither department below
 * the other), from the simulator's own state.
 */
export function sharedCustomerAcrossDepartments(sim: Simulator) {
  const { staff } = sim.state.directory;
  const active = sim.state.customers
    .allFollows()
    .filter((f) => staff.get(f.userid)?.status === 1 && !f.deletedByCustomer);
  for (const first of active) {
    const department = staff.get(first.userid)!.department[0]!;
    const inside = departmentSubtree(sim, department);
    for (const second of active.filter((f) => f.external_userid === first.external_userid)) {
      const theirs = staff.get(second.userid)!.department;
      if (theirs.some((d) => inside.has(d))) continue;
      const otherDepartment = theirs[0]!;
      if (departmentSubtree(sim, otherDepartment).has(department)) continue;
      return {
        customer: first.external_userid,
        inside: first.userid,
        outside: second.userid,
        department: String(department),
        otherDepartment: String(otherDepartment),
      };
    }
  }
  throw new Error('the demo corp has no customer shared across departments');
}
