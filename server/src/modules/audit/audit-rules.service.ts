import { ErrorCode, type AuditRule, type AuditRuleInput, auditRuleInputSchema } from '@keeper/shared';
import type { DataSource, Repository } from 'typeorm';
import { AppError, forbidden, notFound } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { OrgService } from '../org/org.service';
import type { ScopeService } from '../org/scope.service';
import { departmentsInScope, requireCorpWide } from '../org/scope';
import { AuditRuleEntity } from './audit.entity';
import { BUILTIN_RULES } from './builtin-rules';
import { RuleMatcher } from './rule-matcher';

/** Audit rules: admin-edited, seeded with Keeper's built-ins, compiled into one matcher that is rebuilt on change. */
export class AuditRulesService {
  private readonly rules: Repository<AuditRuleEntity>;
  private compiled: Promise<RuleMatcher> | undefined;

  constructor(
    dataSource: DataSource,
    private readonly org: OrgService,
    private readonly scopes: ScopeService,
  ) {
    this.rules = dataSource.getRepository(AuditRuleEntity);
  }

  /** Adds the built-in rules that are not there yet (never overwrites an admin's edits). */
  async seedBuiltins(): Promise<void> {
    const existing = new Set(
      (await this.rules.find({ select: { builtinKey: true } })).map((rule) => rule.builtinKey),
    );
    for (const rule of BUILTIN_RULES.filter((each) => !existing.has(each.key))) {
      await this.rules.insert({
        name: rule.name,
        kind: rule.kind,
        patterns: JSON.stringify(rule.patterns),
        severity: rule.severity,
        departmentIds: '[]',
        enabled: rule.enabled,
        builtinKey: rule.key,
      });
    }
    this.compiled = undefined;
  }

  /** The matcher for the enabled rules, compiled once and reused until a rule changes. */
  matcher(): Promise<RuleMatcher> {
    this.compiled ??= this.compile();
    return this.compiled;
  }

  async list(): Promise<AuditRule[]> {
    return (await this.rules.find({ order: { id: 'ASC' } })).map((rule) => this.map(rule));
  }

  async names(): Promise<Map<number, string>> {
    return new Map(
      (await this.rules.find({ select: { id: true, name: true } })).map((rule) => [rule.id, rule.name]),
    );
  }

  async create(input: AuditRuleInput, viewer: AuthUser): Promise<AuditRule> {
    const rule = auditRuleInputSchema.parse(input);
    await this.requireRuleInScope(viewer, rule.departmentIds);
    const result = await this.rules.insert({
      name: rule.name,
      kind: rule.kind,
      patterns: JSON.stringify(rule.patterns),
      severity: rule.severity,
      departmentIds: JSON.stringify(rule.departmentIds),
      enabled: rule.enabled,
      builtinKey: null,
    });
    this.compiled = undefined;
    return this.get(Number(result.identifiers[0]?.id));
  }

  async update(id: number, input: AuditRuleInput, viewer: AuthUser): Promise<AuditRule> {
    const current = await this.rules.findOneBy({ id });
    if (!current) throw notFound('Rule');
    const rule = auditRuleInputSchema.parse(input);
    // Both what the rule covers now and what it would cover after the edit must be the viewer's to change.
    await this.requireRuleInScope(viewer, JSON.parse(current.departmentIds) as string[]);
    await this.requireRuleInScope(viewer, rule.departmentIds);
    if (current.builtinKey && rule.kind !== current.kind) {
      throw new AppError(ErrorCode.Conflict, 'A built-in rule keeps its kind', {
        hint: 'Create a new rule instead.',
      });
    }
    await this.rules.update(id, {
      name: rule.name,
      kind: rule.kind,
      patterns: JSON.stringify(rule.patterns),
      severity: rule.severity,
      departmentIds: JSON.stringify(rule.departmentIds),
      enabled: rule.enabled,
    });
    this.compiled = undefined;
    return this.get(id);
  }

  async remove(id: number, viewer: AuthUser): Promise<void> {
    const current = await this.rules.findOneBy({ id });
    if (!current) throw notFound('Rule');
    await this.requireRuleInScope(viewer, JSON.parse(current.departmentIds) as string[]);
    if (current.builtinKey)
      throw new AppError(ErrorCode.Conflict, 'Built-in rules can be disabled, not deleted');
    await this.rules.delete(id);
    this.compiled = undefined;
  }

  /** A rule aimed at no department applies to the whole corp, so only a corp-wide viewer may touch it. */
  private async requireRuleInScope(viewer: AuthUser, departmentIds: readonly string[]): Promise<void> {
    if (departmentIds.length === 0) requireCorpWide(viewer, 'A rule for the whole corp');
    if (!(await this.scopes.coversDepartments(viewer, departmentIds))) {
      throw forbidden('This rule is aimed at departments outside your scope');
    }
  }

  private async get(id: number): Promise<AuditRule> {
    const rule = await this.rules.findOneBy({ id });
    if (!rule) throw notFound('Rule');
    return this.map(rule);
  }

  private async compile(): Promise<RuleMatcher> {
    const [rules, departments] = await Promise.all([
      this.rules.findBy({ enabled: true }),
      this.org.liveDepartments(),
    ]);
    return new RuleMatcher(
      rules.map((rule) => {
        const departmentIds = JSON.parse(rule.departmentIds) as string[];
        const covered = departmentIds.length
          ? departmentsInScope({ all: false, departmentIds }, departments)
          : 'all';
        return {
          id: rule.id,
          name: rule.name,
          kind: rule.kind,
          patterns: JSON.parse(rule.patterns) as string[],
          severity: rule.severity,
          builtinKey: rule.builtinKey,
          departments: covered === 'all' ? null : new Set(covered),
        };
      }),
    );
  }

  private map(rule: AuditRuleEntity): AuditRule {
    return {
      id: String(rule.id),
      name: rule.name,
      kind: rule.kind,
      patterns: JSON.parse(rule.patterns) as string[],
      severity: rule.severity,
      departmentIds: JSON.parse(rule.departmentIds) as string[],
      enabled: rule.enabled,
      builtIn: rule.builtinKey !== null,
      updatedAt: rule.updatedAt.toISOString(),
    };
  }
}
