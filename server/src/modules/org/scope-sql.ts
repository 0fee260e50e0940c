/** The SQL condition "member column is within these departments", for any module's scoped queries. */
export function memberInScopeSql(column: string, param = 'scope'): string {
  return `${column} IN (SELECT md.userid FROM member_departments md WHERE md.department_id IN (:...${param}))`;
}

/**
 * The parameter for `memberInScopeSql`. An empty list becomes one id no department has, because `IN ()` is
 * not valid SQL and an empty scope must match nothing.
 */
export function scopeParams(departmentIds: string[], param = 'scope'): Record<string, string[]> {
  return { [param]: departmentIds.length ? departmentIds : [''] };
}
