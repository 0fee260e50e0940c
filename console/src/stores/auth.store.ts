import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import type { LoginRequest, Me, Permission } from '@keeper/shared';
import { getMeApi, loginApi, logoutApi } from '@/api/auth';
import { ApiRequestError } from '@/api/request';

export const useAuthStore = defineStore('auth', () => {
  const me = ref<Me | null>(null);
  /** Whether the server has been asked about the session since the page loaded. */
  const resolved = ref(false);

  const csrfToken = computed(() => me.value?.csrfToken ?? null);
  const isSignedIn = computed(() => me.value !== null);
  const permissions = computed(() => new Set(me.value?.permissions ?? []));

  /**
   * Whether the signed-in user holds a permission; `undefined` means nothing is required, and a list means any
   * one of them will do (a campaign is read by whoever sends or approves). This only shapes the UI: the server
   * checks every request again.
   */
  function can(permission: Permission | readonly Permission[] | undefined): boolean {
    if (permission === undefined) return true;
    if (typeof permission === 'string') return permissions.value.has(permission);
    return permission.some((each) => permissions.value.has(each));
  }

  /**
   * Whether the user sees the whole corp. Only such accounts change what the whole corp shares (corp tags,
   * rules for everyone, the syncs); the server refuses the others, so the UI does not offer it to them.
   */
  const corpWide = computed(() => me.value?.scope.all ?? false);

  /**
   * Whether the user holds a permission for a change to what the whole corp shares: only a corp-wide account
   * changes that, whatever it may otherwise do.
   */
  function canCorpWide(permission: Permission): boolean {
    return can(permission) && corpWide.value;
  }

  async function login(credentials: LoginRequest): Promise<void> {
    me.value = await loginApi(credentials);
    resolved.value = true;
  }

  async function fetchMe(): Promise<void> {
    try {
      me.value = await getMeApi();
    } catch (error) {
      me.value = null;
      if (!(error instanceof ApiRequestError && error.status === 401)) throw error;
    } finally {
      resolved.value = true;
    }
  }

  async function logout(): Promise<void> {
    try {
      await logoutApi();
    } finally {
      // Even if the server is unreachable, this tab forgets the session.
      clear();
    }
  }

  function clear(): void {
    me.value = null;
  }

  return { me, resolved, csrfToken, isSignedIn, corpWide, can, canCorpWide, login, fetchMe, logout, clear };
});
