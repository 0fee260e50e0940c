import { describe, expect, it } from 'vitest';
import type { Department } from '@keeper/shared';
import { buildDepartmentTree } from './department-tree';

const department = (id: string, parentId: string | null, order: number): Department => ({
  id,
  name: `D${id}`,
  parentId,
  order,
  memberCount: 0,
});

describe(buildDepartmentTree.name, () => {
  it("nests departments under their parents, larger order first as in WeCom's admin console", () => {
    const tree = buildDepartmentTree([
      department('3', '1', 100),
      department('1', null, 0),
      department('2', '1', 200),
      department('4', '2', 0),
    ]);

    expect(tree.map((node) => node.id)).toEqual(['1']);
    expect(tree[0]?.children.map((node) => node.id)).toEqual(['2', '3']);
    expect(tree[0]?.children[0]?.children.map((node) => node.id)).toEqual(['4']);
  });

  it('keeps a department whose parent is missing as a root', () => {
    const tree = buildDepartmentTree([department('7', '99', 0), department('1', null, 0)]);

    expect(tree.map((node) => node.id).sort()).toEqual(['1', '7']);
  });
});
