import { describe, expect, it } from 'vitest';
import { RegexProblemKind } from './archive';
import { compileRulePattern, rulePatternProblem } from './rule-pattern';

describe('audit rule patterns on RE2', () => {
  it('runs the pattern that froze the server for 87 s, on a long hostile message, and finds no match', () => {
    // `(b+)+$` backtracks exponentially in a JavaScript RegExp: 32 characters took 87 s. RE2 is linear.
    const pattern = compileRulePattern('(b+)+$');
    expect(pattern.test(`${'b'.repeat(31)}c`)).toBe(false);
    expect(pattern.test(`${'b'.repeat(100_000)}c`)).toBe(false);
    expect(pattern.test('bbb')).toBe(true);
  });

  it('names what RE2 cannot run: backreferences (numbered and named), lookaheads, captures in lookbehinds, huge repeats', () => {
    expect(rulePatternProblem('(a)\\1')?.kind).toBe(RegexProblemKind.Backreference);
    expect(rulePatternProblem('(?<x>a)\\k<x>')?.kind).toBe(RegexProblemKind.Backreference);
    expect(rulePatternProblem('a(?=b)')?.kind).toBe(RegexProblemKind.Lookahead);
    expect(rulePatternProblem('\\d{11}(?!\\d)')?.kind).toBe(RegexProblemKind.Lookahead);
    expect(rulePatternProblem('(?<=(a))b')?.kind).toBe(RegexProblemKind.CaptureInLookbehind);
    expect(rulePatternProblem('a{2000}')?.kind).toBe(RegexProblemKind.RepeatTooLarge);
    expect(rulePatternProblem('([a-z]+')).toEqual({
      kind: RegexProblemKind.Syntax,
      detail: expect.stringContaining('missing closing )'),
    });
  });

  it('accepts JavaScript spellings RE2 writes differently, and captureless lookbehinds', () => {
    expect(compileRulePattern('[\\u4e00-\\u9fa5]{2}').test('ab你好')).toBe(true);
    expect(compileRulePattern('\\p{Script=Han}').test('汉')).toBe(true);
    expect(compileRulePattern('\\\\u4e00').test('\\u4e00')).toBe(true);
    const phone = compileRulePattern('(?<!\\d)1[3-9]\\d{9}');
    expect(phone.test('电话13812345678')).toBe(true);
    expect(phone.test('8613812345678')).toBe(false);
    expect(compileRulePattern('WeChat').test('加我wechat')).toBe(true);
  });
});
