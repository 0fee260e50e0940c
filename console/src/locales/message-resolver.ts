import type { PathValue } from 'vue-i18n';

function isRecord(value: unknown): value is Record<string, PathValue> {
  return typeof value === 'object' && value !== null;
}

/**
 * Finds a message by its key path. Many keys end in a value of the shared contract, and some of those contain
 * dots themselves (access actions such as `users.list`), which vue-i18n's own resolver would split into a path
 * that does not exist. Here, at each level the rest of the path is first tried as one key, then the path
 * descends by its first segment: `accessActions.users.list` finds `accessActions['users.list']`.
 */
export function resolveMessage(messages: unknown, path: string): PathValue {
  let node = messages;
  let rest = path;
  for (;;) {
    if (!isRecord(node)) return null;
    if (Object.hasOwn(node, rest)) return node[rest] ?? null;
    const dot = rest.indexOf('.');
    if (dot < 0) return null;
    node = node[rest.slice(0, dot)];
    rest = rest.slice(dot + 1);
  }
}
