import { describe, expect, it } from 'vitest';
import { departmentsInScope } from './scope';

const tree = [
  { id: '1', parentId: null },
  { id: '2', parentId: '1' },
  { id: '3', parentId: '1' },
  { id: '4', parentId: '2' },
  { id: '5', parentId: '4' },
];

describe(departmentsInScope.name, () => {
  it('covers each listed department with its whole sub-tree', () => {
    expect(departmentsInScope({ all: false, departmentIds: ['2'] }, tree)).toEqual(['2', '4', '5']);
    expect(departmentsInScope({ all: false, departmentIds: ['3', '4'] }, tree)).toEqual(['3', '4', '5']);
  });
  it('covers nothing without departments, and everything for admins', () => {
    expect(departmentsInScope({ all: false, departmentIds: [] }, tree)).toEqual([]);
    expect(departmentsInScope({ all: true, departmentIds: [] }, tree)).toBe('all');
  });
});
