import { RULE_HIT_GROUP } from '@keeper/shared';
import { hitsOf, RuleMatcher, rulePattern, searchHits } from '../../server/src/modules/audit/rule-matcher';
import { BUILTIN_RULES } from '../../server/src/modules/audit/builtin-rules';
import { chatLine, mulberry32, pick, VIOLATION_LINES, type Random } from './chat-text';

/**
 * `pnpm bench rules`: the regex engines an audit rule could run on, compared in one run over the archive bench's
 * chat text (a shared machine's speed changes from minute to minute; engines measured side by side do not):
 * JavaScript's RegExp (backtracking, the engine Keeper used before), re2js (pure JS, Keeper's), and, when they are
 * installed, re2-wasm and the native re2 addon. Each finds every hit of the same patterns in the same messages,
 * then each runs `(b+)+$`, the pattern that froze the server, on growing hostile messages. Last, Keeper's own
 * matcher with the built-in rules over the same messages: what one archived message costs in rule matching.
 * BENCH_RULES_MESSAGES sets the count.
 */
const DEFAULT_MESSAGES = 50_000;

/** Patterns every engine runs: no lookbehind (re2-wasm and native re2 have none); the hit is group 1. */
const PORTABLE = [
  '(?:^|\\D)(1[3-9]\\d{9})(?:\\D|$)',
  '(?:^|\\D)((?:\\d[ -]?){15,18}\\d)(?:\\D|$)',
  '(加\\s*(?:v|vx|wx|微信|私人微信))',
  '((?:支付宝|微信|银行卡)\\s*转(?:我|账))',
  '([\\u4e00-\\u9fa5]{2,4}银行)',
  '(订单号?\\s*[:：]?\\s*\\d{6,})',
];

interface Engine {
  name: string;
  /** Every hit (group 1) of `pattern` in `text`. */
  compile(pattern: string): (text: string) => string[];
}

const regExpEngine: Engine = {
  name: 'RegExp (V8, backtracking)',
  compile(pattern) {
    const expression = new RegExp(pattern, 'giu');
    return (text) => [...text.matchAll(expression)].map((found) => found[1] ?? found[0]);
  },
};

/** re2js searching every message for its groups, with Keeper's own search loop. */
const re2jsEngine: Engine = {
  name: 're2js (pure JS)',
  compile(pattern) {
    const compiled = rulePattern(pattern);
    return (text) => [...searchHits(compiled, text)];
  },
};

/** re2js as Keeper's matcher runs it: a boolean test on the lazy DFA first, the search for groups only on a match. */
const re2jsTestFirstEngine: Engine = {
  name: 're2js, DFA test first',
  compile(pattern) {
    const compiled = rulePattern(pattern);
    return (text) => [...hitsOf(compiled, text)];
  },
};

/** An engine with RegExp's interface (re2-wasm, native re2), when its package is installed. */
async function regExpLike(name: string, module: string, exportName: string): Promise<Engine | string> {
  try {
    const loaded = (await import(module)) as Record<string, unknown>;
    const Constructor = (loaded[exportName] ??
      (loaded.default as Record<string, unknown>)?.[exportName] ??
      loaded.default) as new (
      pattern: string,
      flags: string,
    ) => {
      lastIndex: number;
      exec(text: string): (string | undefined)[] | null;
    };
    new Constructor('a', 'gu');
    return {
      name,
      compile(pattern) {
        const expression = new Constructor(pattern, 'giu');
        return (text) => {
          const hits: string[] = [];
          expression.lastIndex = 0;
          for (let found = expression.exec(text); found; found = expression.exec(text)) {
            hits.push(found[1] ?? found[0]!);
            if (found[0] === '') expression.lastIndex++;
          }
          return hits;
        };
      },
    };
  } catch (error) {
    return `${name}: not measured (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
}

export async function runRulesBenchmark(): Promise<void> {
  const count = Number(process.env.BENCH_RULES_MESSAGES ?? DEFAULT_MESSAGES);
  if (!Number.isInteger(count) || count < 1)
    throw new Error('BENCH_RULES_MESSAGES must be a positive integer');
  const messages = chatMessages(count, mulberry32(20261124));
  const chars = messages.reduce((sum, text) => sum + text.length, 0);

  const optional = await Promise.all([
    regExpLike('re2-wasm (RE2 in WebAssembly)', 're2-wasm', 'RE2'),
    regExpLike('re2 (native addon)', 're2', 'RE2'),
  ]);
  const engines = [
    regExpEngine,
    re2jsEngine,
    re2jsTestFirstEngine,
    ...optional.filter((each): each is Engine => typeof each !== 'string'),
  ];
  console.log(
    `rules: ${count} chat messages (${chars} characters) from the archive bench's generator; ${PORTABLE.length} patterns`,
  );
  for (const skipped of optional.filter((each): each is string => typeof each === 'string'))
    console.log(skipped);

  const line = (label: string, ...values: string[]) =>
    console.log(label.padEnd(34) + values.map((value) => value.padStart(14)).join(''));
  line('engine', 'hits', 'µs/message', 'compile ms');
  const figures: Record<string, number> = {};
  let expectedHits: number | undefined;
  for (const engine of engines) {
    const compileStart = performance.now();
    const runs = PORTABLE.map((pattern) => engine.compile(pattern));
    const compileMs = performance.now() - compileStart;
    const pass = () =>
      messages.reduce((sum, text) => sum + runs.reduce((n, run) => n + run(text).length, 0), 0);
    pass(); // warm-up (JIT), not timed
    const started = performance.now();
    const hits = pass();
    const perMessage = ((performance.now() - started) * 1000) / count;
    expectedHits ??= hits;
    if (hits !== expectedHits) throw new Error(`${engine.name} found ${hits} hits, RegExp ${expectedHits}`);
    figures[engine.name] = perMessage;
    line(engine.name, String(hits), perMessage.toFixed(2), compileMs.toFixed(1));
  }

  console.log('`(b+)+$` on "b"×n + "c" (ms for one message; RegExp doubles per character, RE2 stays flat):');
  line('engine', 'n=16', 'n=20', 'n=24', 'n=32', 'n=10000');
  for (const engine of engines) {
    const run = engine.compile('(b+)+$');
    const timeFor = (n: number) => {
      // Past 24 characters RegExp would take minutes (32 took 87 s in the report): not run.
      if (engine === regExpEngine && n > 24) return 'not run';
      const text = `${'b'.repeat(n)}c`;
      const started = performance.now();
      run(text);
      return (performance.now() - started).toFixed(2);
    };
    line(engine.name, ...[16, 20, 24, 32, 10_000].map(timeFor));
  }

  // Keeper's matcher with the rules it ships enabled (Aho–Corasick keywords, re2js regexes, behaviour rules).
  const matcher = new RuleMatcher(
    BUILTIN_RULES.filter((rule) => rule.enabled).map((rule, index) => ({
      id: index + 1,
      name: rule.name,
      kind: rule.kind,
      patterns: rule.patterns,
      severity: rule.severity,
      builtinKey: rule.key,
      departments: null,
    })),
  );
  const judge = () =>
    messages.reduce(
      (sum, text) =>
        sum +
        matcher.match({
          action: 'send',
          msgtype: 'text',
          text: text.toLowerCase(),
          msgtime: new Date(),
          senderIsMember: true,
          senderDepartments: ['1'],
          withCustomer: true,
        }).length,
      0,
    );
  judge();
  const started = performance.now();
  const builtinHits = judge();
  const perMessage = ((performance.now() - started) * 1000) / count;
  line(`RuleMatcher, built-in rules (${RULE_HIT_GROUP} groups)`, String(builtinHits), perMessage.toFixed(2));

  console.log(
    `rules regexp_us=${figures[regExpEngine.name]!.toFixed(2)} re2js_us=${figures[re2jsEngine.name]!.toFixed(2)}` +
      ` re2js_test_first_us=${figures[re2jsTestFirstEngine.name]!.toFixed(2)}` +
      engines
        .slice(3)
        .map(
          (engine) =>
            ` ${engine.name.split(' ')[0]!.replace('-', '_')}_us=${figures[engine.name]!.toFixed(2)}`,
        )
        .join('') +
      ` matcher_us=${perMessage.toFixed(2)}`,
  );
}

/** Chat lines as the archive bench writes them, with a phone number, card or order number now and then. */
function chatMessages(count: number, random: Random): string[] {
  const extras = [
    () => `我手机 1${3 + Math.floor(random() * 7)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
    () => `卡号 6222 0212 3456 7890 128`,
    () => `订单号：${Math.floor(random() * 1e10)}`,
    () => pick(random, VIOLATION_LINES),
    () => `请转到招商银行 ${String(Math.floor(random() * 1e16)).padStart(16, '0')}`,
  ];
  return Array.from({ length: count }, () => {
    const who = pick(random, ['member', 'customer', 'group'] as const);
    const text = chatLine(random, who);
    return random() < 0.05 ? `${text}${pick(random, extras)()}` : text;
  });
}
