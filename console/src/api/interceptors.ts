import { CSRF_HEADER, ErrorCode } from '@keeper/shared';
import type { Router } from 'vue-router';
import { useAuthStore } from '@/stores/auth.store';
import { describeApiError } from './error-message';
import type { HttpClient } from './request';

/**
 * The behaviour every console request shares. Installed once at start-up rather than imported by the client,
 * so `request.ts` stays free of the store and the router (which themselves call the API).
 */
export function installRequestInterceptors(client: HttpClient, router: Router): () => void {
  const ejectCsrf = client.interceptors.request.use((context) => {
    // The session cookie alone would let another site forge writes; the token proves the page is ours.
    if (context.method === 'GET') return;
    const token = useAuthStore().csrfToken;
    if (token) context.headers.set(CSRF_HEADER, token);
  });

  const ejectErrors = client.interceptors.error.use((error, context) => {
    if (context.silent) return;
    ElMessage({ type: 'error', message: describeApiError(error), grouping: true, showClose: true });
    if (error.status === 401 || error.code === ErrorCode.Unauthenticated) {
      useAuthStore().clear();
      const current = router.currentRoute.value;
      if (current.name !== 'login') {
        void router.push({ name: 'login', query: { redirect: current.fullPath } });
      }
    }
  });

  return () => {
    ejectCsrf();
    ejectErrors();
  };
}
