import { RE2JS, RE2JSSyntaxException } from 're2js';
import { RegexProblemKind, type RegexProblem } from './archive';

/**
 * Regular expressions that admins write into audit rules run on RE2 (the pure-JavaScript port `re2js`): its
 * time is linear in the length of the text whatever the pattern, so no rule can stall the server the way
 * `(b+)+$` stalls a backtracking engine. The price is a smaller language: no backreferences and no lookaheads.
 * Captureless lookbehinds (`(?<!\d)`) run in linear time in re2js and are allowed. Patterns are written in
 * JavaScript syntax; the few escapes RE2 spells differently (`\u4e00`, `\p{Script=Han}`) are translated.
 * Browser-safe: the console checks a pattern with the same engine the server runs it on. Imported on its own
 * (`@keeper/shared/rule-pattern`), so that only the pages that check patterns load the engine.
 */
const FLAGS = RE2JS.CASE_INSENSITIVE | RE2JS.LOOKBEHINDS;

export class RulePatternError extends Error {
  constructor(readonly problem: RegexProblem) {
    super(`${problem.kind}: ${problem.detail}`);
    this.name = 'RulePatternError';
  }
}

/** Compiles an audit-rule pattern for RE2; throws RulePatternError with the reason when it cannot run. */
export function compileRulePattern(pattern: string): RE2JS {
  const translated = translate(pattern);
  try {
    return RE2JS.compile(translated, FLAGS);
  } catch (error) {
    throw new RulePatternError(classify(error));
  }
}

/** What keeps a pattern from running on the rule engine; null when it runs. */
export function rulePatternProblem(pattern: string): RegexProblem | null {
  try {
    compileRulePattern(pattern);
    return null;
  } catch (error) {
    if (error instanceof RulePatternError) return error.problem;
    throw error;
  }
}

/**
 * JavaScript escapes RE2 writes differently: `\uXXXX` and `\u{X}` are `\x{X}`, `\p{Script=Han}` is `\p{Han}`.
 * `\k<name>` (a named backreference) has no RE2 form and is refused here, before RE2 would read it as `k<name>`.
 */
function translate(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char !== '\\' || i + 1 >= pattern.length) {
      out += char;
      continue;
    }
    const rest = pattern.slice(i + 1);
    const unicode = /^u([0-9a-fA-F]{4})|^u\{([0-9a-fA-F]{1,6})\}/.exec(rest);
    const property = /^([pP])\{(?:Script|sc|Script_Extensions|scx)=(\w+)\}/.exec(rest);
    if (unicode) {
      out += `\\x{${unicode[1] ?? unicode[2]}}`;
      i += unicode[0].length;
    } else if (property) {
      out += `\\${property[1]}{${property[2]}}`;
      i += property[0].length;
    } else if (rest.startsWith('k<')) {
      throw new RulePatternError({ kind: RegexProblemKind.Backreference, detail: '\\k<…>' });
    } else {
      out += `\\${rest[0]}`;
      i += 1;
    }
  }
  return out;
}

function classify(error: unknown): RegexProblem {
  if (!(error instanceof RE2JSSyntaxException)) {
    return { kind: RegexProblemKind.Syntax, detail: error instanceof Error ? error.message : String(error) };
  }
  const input = error.input ?? '';
  const kind =
    error.error === 'invalid escape sequence' && /^\\[1-9]/.test(input)
      ? RegexProblemKind.Backreference
      : error.error === 'invalid or unsupported Perl syntax' && /^\(\?[=!]/.test(input)
        ? RegexProblemKind.Lookahead
        : error.error === 'invalid capture in lookbehind'
          ? RegexProblemKind.CaptureInLookbehind
          : error.error === 'invalid repeat count'
            ? RegexProblemKind.RepeatTooLarge
            : RegexProblemKind.Syntax;
  return { kind, detail: error.message.replace(/^error parsing regexp: /, '') };
}
