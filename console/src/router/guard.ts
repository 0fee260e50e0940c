import type { LocationQueryValue, Router } from 'vue-router';
import { translate } from '@/locales';
import { useAuthStore } from '@/stores/auth.store';

/** Only paths inside the console: `?redirect=https://evil.example` must not send a fresh session elsewhere. */
export function safeRedirect(value: LocationQueryValue | LocationQueryValue[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value;
  return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') ? path : '/';
}

export function installRouterGuards(router: Router): void {
  router.beforeEach(async (to) => {
    const auth = useAuthStore();
    if (!auth.resolved) {
      // A server that cannot be reached counts as signed out; the login page then reports the network error.
      await auth.fetchMe().catch(() => undefined);
    }

    if (to.name === 'login' && auth.isSignedIn) return safeRedirect(to.query.redirect);
    if (to.meta.public) return true;
    if (!auth.isSignedIn) return { name: 'login', query: { redirect: to.fullPath } };
    // Every matched record counts, so a child cannot be opened past a parent's permission.
    if (!to.matched.every((record) => auth.can(record.meta.permission))) return { name: 'forbidden' };
    return true;
  });

  router.afterEach((to) => {
    const app = translate('app.fullName');
    document.title = to.meta.title ? `${translate(to.meta.title)} · ${app}` : app;
  });
}
