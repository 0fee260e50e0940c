import {
  ErrorCode,
  RuleKind,
  type AuditRule,
  type AuditRuleInput,
  auditRuleInputSchema,
} from '@keeper/shared';
import { rulePatternProblem } from '@keeper/shared/rule-pattern';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { bumpRevision, readRevisions, Revision } from '../../db/revisions';
import { AppError, forbidden, notFound } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { Logger } from '../../logger';
import type { OrgService } from '../org/org.service';
import type { ScopeService } from '../org/scope.service';
import { departmentsInScope, requireCorpWide } from '../org/scope';
import { AuditRuleEntity } from './audit.entity';
import { BUILTIN_RULES } from './builtin-rules';
import { RuleMatcher, type ContentHit } from './rule-matcher';

export type { ContentHit } from './rule-matcher';

/** The rules content the corp sends must pass (mass messages): see {@link AuditRulesService.contentScreen}. */
export interface ContentScreen {
  screen(text: string): ContentHit[];
}

/** Bank card numbers, screened in sent content even when the chat rule is switched off. */
let bankCards: RuleMatcher | undefined;
function bankCardScreen(): RuleMatcher {
  const builtin = BUILTIN_RULES.find((rule) => rule.key === 'bank_card')!;
  bankCards ??= new RuleMatcher([
    {
      id: 0,
      name: builtin.name,
      kind: builtin.kind,
      patterns: builtin.patterns,
      severity: 'high',
      builtinKey: builtin.key,
      departments: null,
    },
  ]);
  return bankCards;
}

/** What the compiled matcher depends on: the rules, and the department tree their scopes expand through. */
const MATCHER_INPUTS = [Revision.AuditRules, Revision.Departments] as const;

/**
 * Audit rules: admin-edited, seeded with Keeper's built-ins, compiled into one matcher. Every rule change bumps
 * a revision in the database (in the change's transaction) and the department tree has its own; the matcher is
 * rebuilt when either moved, whichever process made the change.
 */
export class AuditRulesService {
  private readonly rules: Repository<AuditRuleEntity>;
  /** The last matcher built, with the revisions it was built at. Only a successful build is kept. */
  private compiled: { revisions: string; matcher: RuleMatcher } | undefined;
  /** A build under way, shared by the callers that asked for the same revisions meanwhile. */
  private building: { revisions: string; matcher: Promise<RuleMatcher> } | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly org: OrgService,
    private readonly scopes: ScopeService,
    private readonly logger?: Logger,
  ) {
    this.rules = dataSource.getRepository(AuditRuleEntity);
  }

  /** Adds the built-in rules that are not there yet (never overwrites an admin's edits). */
  async seedBuiltins(): Promise<void> {
    const existing = new Set(
      (await this.rules.find({ select: { builtinKey: true } })).map((rule) => rule.builtinKey),
    );
    const missing = BUILTIN_RULES.filter((each) => !existing.has(each.key));
    if (missing.length === 0) return;
    await this.changing(async (manager) => {
      for (const rule of missing) {
        await manager.insert(AuditRuleEntity, {
          name: rule.name,
          kind: rule.kind,
          patterns: JSON.stringify(rule.patterns),
          severity: rule.severity,
          departmentIds: '[]',
          enabled: rule.enabled,
          builtinKey: rule.key,
        });
      }
    });
  }

  /**
   * The matcher for the enabled rules. Costs one small query (the revisions) per call, so the archive asks for
   * it once per page and sees a rule edited in another process, or an org sync that moved departments, on the
   * next page. A build that fails is not kept: the next call builds again.
   */
  async matcher(): Promise<RuleMatcher> {
    const revisions = await readRevisions(this.dataSource, MATCHER_INPUTS);
    if (this.compiled?.revisions === revisions) return this.compiled.matcher;
    if (this.building?.revisions !== revisions) {
      const building = { revisions, matcher: this.compile() };
      this.building = building;
      building.matcher
        .then((matcher) => {
          if (this.building === building) this.compiled = { revisions, matcher };
        })
        .catch(() => undefined)
        .finally(() => {
          if (this.building === building) this.building = undefined;
        });
    }
    return this.building.matcher;
  }

  /**
   * The screen for content the corp sends (a mass message's text, its links' titles): every enabled keyword and
   * regex rule, whatever departments it watches (many members send a campaign), and bank card numbers always —
   * with the built-in pattern when an admin switched that rule off for chats.
   */
  async contentScreen(): Promise<ContentScreen> {
    const matcher = await this.matcher();
    if (matcher.hasBuiltin('bank_card')) return matcher;
    const cards = bankCardScreen();
    return { screen: (text) => [...matcher.screen(text), ...cards.screen(text)] };
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
    assertRunnable(rule);
    const result = await this.changing((manager) =>
      manager.insert(AuditRuleEntity, {
        name: rule.name,
        kind: rule.kind,
        patterns: JSON.stringify(rule.patterns),
        severity: rule.severity,
        departmentIds: JSON.stringify(rule.departmentIds),
        enabled: rule.enabled,
        builtinKey: null,
      }),
    );
    return this.get(Number(result.identifiers[0]?.id));
  }

  async update(id: number, input: AuditRuleInput, viewer: AuthUser): Promise<AuditRule> {
    const current = await this.rules.findOneBy({ id });
    if (!current) throw notFound('Rule');
    const rule = auditRuleInputSchema.parse(input);
    // Both what the rule covers now and what it would cover after the edit must be the viewer's to change.
    await this.requireRuleInScope(viewer, JSON.parse(current.departmentIds) as string[]);
    await this.requireRuleInScope(viewer, rule.departmentIds);
    assertRunnable(rule);
    if (current.builtinKey && rule.kind !== current.kind) {
      throw new AppError(ErrorCode.Conflict, 'A built-in rule keeps its kind', {
        hint: 'Create a new rule instead.',
      });
    }
    await this.changing((manager) =>
      manager.update(AuditRuleEntity, id, {
        name: rule.name,
        kind: rule.kind,
        patterns: JSON.stringify(rule.patterns),
        severity: rule.severity,
        departmentIds: JSON.stringify(rule.departmentIds),
        enabled: rule.enabled,
      }),
    );
    return this.get(id);
  }

  async remove(id: number, viewer: AuthUser): Promise<void> {
    const current = await this.rules.findOneBy({ id });
    if (!current) throw notFound('Rule');
    await this.requireRuleInScope(viewer, JSON.parse(current.departmentIds) as string[]);
    if (current.builtinKey)
      throw new AppError(ErrorCode.Conflict, 'Built-in rules can be disabled, not deleted');
    await this.changing((manager) => manager.delete(AuditRuleEntity, id));
  }

  /** A rule write and its revision bump, committed together. */
  private changing<T>(write: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const result = await write(manager);
      await bumpRevision(manager, Revision.AuditRules);
      return result;
    });
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
    const matcher = new RuleMatcher(
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
    for (const { ruleId, pattern, problem } of matcher.skipped) {
      this.logger?.warn(
        { ruleId, pattern, problem },
        'audit rule skipped: the rule engine cannot run its pattern',
      );
    }
    return matcher;
  }

  private map(rule: AuditRuleEntity): AuditRule {
    const patterns = JSON.parse(rule.patterns) as string[];
    return {
      id: String(rule.id),
      name: rule.name,
      kind: rule.kind,
      patterns,
      severity: rule.severity,
      departmentIds: JSON.parse(rule.departmentIds) as string[],
      enabled: rule.enabled,
      builtIn: rule.builtinKey !== null,
      updatedAt: rule.updatedAt.toISOString(),
      problem: rule.kind === RuleKind.Regex ? firstProblem(patterns) : null,
    };
  }
}

/**
 * A rule that runs must be one the rule engine can run (RE2: no backreferences, no lookaheads). A stored rule it
 * cannot run (saved before Keeper used RE2) can still be switched off.
 */
function assertRunnable(rule: { kind: RuleKind; enabled: boolean; patterns: string[] }): void {
  if (rule.kind !== RuleKind.Regex || !rule.enabled) return;
  const issues = rule.patterns.flatMap((pattern, index) => {
    const problem = rulePatternProblem(pattern);
    return problem
      ? [
          {
            path: `patterns.${index}`,
            message: `the rule engine (RE2) cannot run this pattern: ${problem.detail}`,
          },
        ]
      : [];
  });
  if (issues.length) {
    throw new AppError(ErrorCode.ValidationFailed, 'The rule engine (RE2) cannot run this pattern', {
      issues,
      hint: 'Audit regexes run on RE2: no backreferences (\\1) and no lookaheads ((?= or (?!).',
    });
  }
}

/** The first pattern of a regex rule the engine refuses, with why (the matcher skips such a rule). */
function firstProblem(patterns: string[]): AuditRule['problem'] {
  for (const pattern of patterns) {
    const problem = rulePatternProblem(pattern);
    if (problem) return { pattern, ...problem };
  }
  return null;
}
