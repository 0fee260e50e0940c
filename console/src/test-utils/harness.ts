import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory } from 'vue-router';
import { permissionsOf, type Me, type Role } from '@keeper/shared';
import { i18n, setI18nLocale } from '@/locales';
import { createAppRouter } from '@/router';
import { useAuthStore } from '@/stores/auth.store';

/** A signed-in user as the server would describe them: permissions derived from the roles by the contract. */
export function makeMe(roles: Role[], overrides: Partial<Me> = {}): Me {
  return {
    id: 1,
    username: 'ada',
    displayName: 'Ada Lovelace',
    roles,
    permissions: permissionsOf(roles),
    scope: { all: roles.includes('admin'), departmentIds: [] },
    csrfToken: 'csrf-token-123',
    ...overrides,
  };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/**
 * The console's real plugins (Pinia, vue-i18n in zh-CN, the router with its guards on memory history), with the
 * session already known: `me` null means signed out.
 */
export function createTestApp(me: Me | null) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  const auth = useAuthStore();
  auth.me = me;
  auth.resolved = true;
  localStorage.clear();
  setI18nLocale('zh-CN');
  return { pinia, router, plugins: [pinia, i18n, router] };
}
