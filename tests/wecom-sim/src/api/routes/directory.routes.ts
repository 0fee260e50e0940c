import { WecomError } from '../errors.js';
import { memberOr } from '../lookups.js';
import { decodeCursor, encodeCursor } from '../params.js';
import type { ApiRoute } from '../route.js';
import { departmentView, userView } from '../views.js';

export const directoryRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: 'department/list',
    scope: 'directory',
    handle({ sim, query }) {
      const dir = sim.state.directory;
      const id = query.has('id') ? query.int('id') : undefined;
      if (id !== undefined && !dir.departments.has(id)) throw new WecomError(60123);
      const ids = id === undefined ? [...dir.departments.keys()].sort((a, b) => a - b) : dir.subtree(id);
      return {
        department: ids.flatMap((d) => {
          const dep = dir.departments.get(d);
          return dep ? [departmentView(dep)] : [];
        }),
      };
    },
  },
  {
    method: 'GET',
    path: 'user/list',
    scope: 'directory',
    handle({ sim, query }) {
      const dir = sim.state.directory;
      const id = query.int('department_id');
      if (!dir.departments.has(id)) throw new WecomError(60123);
      // fetch_child is deprecated by WeCom but still widely sent; honour it.
      const ids = query.bool('fetch_child') ? dir.subtree(id) : [id];
      return { userlist: dir.membersOf(ids).map((s) => userView(s, sim.publicUrl)) };
    },
  },
  {
    method: 'GET',
    path: 'user/simplelist',
    scope: 'directory',
    handle({ sim, query }) {
      const dir = sim.state.directory;
      const id = query.int('department_id');
      if (!dir.departments.has(id)) throw new WecomError(60123);
      const ids = query.bool('fetch_child') ? dir.subtree(id) : [id];
      return {
        userlist: dir
          .membersOf(ids)
          .map((s) => ({ userid: s.userid, name: s.name, department: s.department })),
      };
    },
  },
  {
    method: 'POST',
    path: 'user/list_id',
    scope: 'directory',
    handle({ sim, body }) {
      const limit = body.int('limit', 10_000);
      if (limit < 1 || limit > 10_000) throw new WecomError(40058, 'limit must be 1..10000');
      const offset = decodeCursor(body.optStr('cursor'));
      const rows = sim.state.directory
        .members()
        .flatMap((s) => s.department.map((department) => ({ userid: s.userid, department })));
      const page = rows.slice(offset, offset + limit);
      const next = offset + limit < rows.length ? encodeCursor(offset + limit) : '';
      return { next_cursor: next, dept_user: page };
    },
  },
  {
    method: 'GET',
    path: 'user/get',
    scope: 'directory',
    handle({ sim, query }) {
      return userView(memberOr(sim.state, query.str('userid', 41009), 60111), sim.publicUrl);
    },
  },
];
