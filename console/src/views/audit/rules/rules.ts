import type { FormItemRule, FormRules } from 'element-plus';
import {
  auditRuleInputSchema,
  RegexProblemKind,
  RuleKind,
  type AuditRule,
  type RegexProblem,
} from '@keeper/shared';
import { rulePatternProblem } from '@keeper/shared/rule-pattern';
import { translate } from '@/locales';

export interface RuleFormModel {
  name: string;
  kind: RuleKind;
  /** One keyword, regular expression or working-hour range per line. */
  patternsText: string;
  severity: AuditRule['severity'];
  departmentIds: string[];
  enabled: boolean;
}

// Limits come from the contract's schema, so the form and the server cannot disagree about them.
const { name, patterns } = auditRuleInputSchema.shape;
export const NAME_MAX = name.maxLength ?? 64;
export const PATTERN_MAX = patterns.unwrap().element.maxLength ?? 200;
/** The contract's `.max(10_000)` on the list; zod does not expose an array's limit to read back. */
export const PATTERNS_MAX = 10_000;
export const RESCAN_MAX_DAYS = 31;
/** How often the re-scan dialog asks for its job's progress. */
export const RESCAN_POLL_MS = 1_000;

/** Kinds whose rule is a list typed by the user; recall and red packet rules have none. */
export const KINDS_WITH_PATTERNS: ReadonlySet<RuleKind> = new Set([
  RuleKind.Keywords,
  RuleKind.Regex,
  RuleKind.AfterHours,
]);
const PATTERNS_REQUIRED: ReadonlySet<RuleKind> = new Set([RuleKind.Keywords, RuleKind.Regex]);
const HOURS = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;

/** The non-empty lines, trimmed, each once, in the order typed. */
export function patternLines(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((line) => line.trim()))].filter(Boolean);
}

/** What is wrong with the patterns for this kind, as the message to show; null when they are fine. */
export function patternProblem(kind: RuleKind, lines: readonly string[]): string | null {
  if (!KINDS_WITH_PATTERNS.has(kind)) return null;
  if (PATTERNS_REQUIRED.has(kind) && lines.length === 0) return translate('validation.patternsRequired');
  if (lines.length > PATTERNS_MAX) return translate('validation.patternsTooMany', { max: PATTERNS_MAX });
  for (const [index, line] of lines.entries()) {
    const at = index + 1;
    if (line.length > PATTERN_MAX)
      return translate('validation.patternTooLong', { line: at, max: PATTERN_MAX });
    if (kind === RuleKind.Regex) {
      // The same engine (RE2) and check as the server's: what passes here runs there.
      const problem = rulePatternProblem(line);
      if (problem) return regexProblemText(problem, at);
    }
    if (kind === RuleKind.AfterHours && !HOURS.test(line))
      return translate('validation.hoursInvalid', { line: at });
  }
  return null;
}

/** Why the rule engine cannot run a pattern, in the reader's language; `line` names the line of the form. */
export function regexProblemText(problem: RegexProblem, line: number): string {
  switch (problem.kind) {
    case RegexProblemKind.Backreference:
      return translate('validation.regexBackreference', { line });
    case RegexProblemKind.Lookahead:
      return translate('validation.regexLookahead', { line });
    case RegexProblemKind.CaptureInLookbehind:
      return translate('validation.regexCaptureInLookbehind', { line });
    case RegexProblemKind.RepeatTooLarge:
      return translate('validation.regexRepeatTooLarge', { line });
    default:
      return translate('validation.regexInvalid', { line, error: problem.detail });
  }
}

/**
 * Why a stored rule does not run, naming the line of its pattern as the edit form would; null for a rule that
 * runs.
 */
export function ruleProblemText(rule: AuditRule): string | null {
  if (!rule.problem) return null;
  return regexProblemText(rule.problem, rule.patterns.indexOf(rule.problem.pattern) + 1);
}

type Validator = NonNullable<FormItemRule['validator']>;

// Messages are functions so a language switch also changes the text of an error already on screen.
/**
 * `corpWide`: whether the signed-in account sees the whole corp. Leaving the departments empty aims a rule at
 * everyone, which the server takes only from such an account; others must name departments of theirs.
 */
export function createRuleFormRules(
  model: () => RuleFormModel,
  corpWide: () => boolean,
): FormRules<RuleFormModel> {
  const checkPatterns: Validator = (_rule, _value, callback) => {
    const { kind, patternsText } = model();
    const problem = patternProblem(kind, patternLines(patternsText));
    if (problem) callback(new Error(problem));
    else callback();
  };
  const checkDepartments: Validator = (_rule, _value, callback) => {
    if (!corpWide() && model().departmentIds.length === 0)
      callback(new Error(translate('validation.ruleDepartmentsRequired')));
    else callback();
  };
  return {
    name: [
      { required: true, whitespace: true, message: () => translate('validation.ruleNameRequired') },
      { max: NAME_MAX, message: () => translate('validation.ruleNameLength', { max: NAME_MAX }) },
    ],
    patternsText: [{ validator: checkPatterns, trigger: 'blur' }],
    departmentIds: [{ validator: checkDepartments, trigger: 'change' }],
  };
}

export interface RescanFormModel {
  /** China calendar days (`YYYY-MM-DD`), both inclusive. */
  range: [string, string] | null;
}

/** Whole days from the first to the last day, both counted. */
export function daysInRange(range: readonly [string, string]): number {
  const [from, to] = range.map((day) => Date.parse(`${day}T00:00:00Z`));
  return Math.round(((to ?? 0) - (from ?? 0)) / 86_400_000) + 1;
}

export const rescanRules: FormRules<RescanFormModel> = {
  range: [
    {
      validator: (_rule, value: RescanFormModel['range'], callback) => {
        if (!value) callback(new Error(translate('validation.rescanRangeRequired')));
        else if (daysInRange(value) > RESCAN_MAX_DAYS) {
          callback(new Error(translate('validation.rescanRangeTooLong', { max: RESCAN_MAX_DAYS })));
        } else callback();
      },
    },
  ],
};
