import type { Department, DepartmentNode } from '@keeper/shared';

/**
 * Nests the flat department list by `parentId`, siblings in WeCom's order (a larger
 * `order` comes first, as in WeCom's own admin console). A department whose parent is not in
 * the list (outside the viewer's scope, or deleted) becomes a root rather than disappearing.
 */
export function buildDepartmentTree(departments: readonly Department[]): DepartmentNode[] {
  const nodes = new Map<string, DepartmentNode>(
    departments.map((department) => [department.id, { ...department, children: [] }]),
  );
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId !== null && node.parentId !== node.id ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: DepartmentNode[]): DepartmentNode[] => {
    list.sort((a, b) => b.order - a.order || a.name.localeCompare(b.name));
    for (const node of list) sort(node.children);
    return list;
  };
  return sort(roots);
}
