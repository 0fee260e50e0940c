import { computed, onMounted, reactive, watch } from 'vue';
import { ConversationKind, Permission, type Consent, type ConversationKind as Kind } from '@keeper/shared';
import { getConversationListApi, type ConversationListParams } from '@/api/archive';
import { translate } from '@/locales';
import { isKnownMsgtype } from '@/utils/msgtypes';
import { useAuthStore } from '@/stores/auth.store';
import { usePagedList } from '@/utils/paged-list';
import { useTypedSearch } from '@/utils/typed-search';

export const KIND_TAG_TYPE: Record<Kind, 'primary' | 'success' | 'info'> = {
  single: 'primary',
  group: 'success',
  internal: 'info',
};

export const CONSENT_TAG_TYPE: Record<Consent, 'success' | 'danger' | 'info' | 'warning'> = {
  agree: 'success',
  default_agree: 'success',
  disagree: 'danger',
  unknown: 'info',
};

/**
 * The last message's preview: its text, or for a message without text (the server then records its type,
 * `[image]`) the type named in the console's language. A text that merely reads like a type stays as written.
 */
export function previewOf(type: string | null, preview: string | null): string {
  if (preview === null) return translate('conversations.noMessage');
  const withoutText = type !== null && type !== 'text' && preview === `[${type}]`;
  return withoutText && isKnownMsgtype(type) ? `[${translate(`msgtype.${type}`)}]` : preview;
}

/** The two ways into the archive: a member's conversations, or a customer's. */
export type EntryMode = 'member' | 'customer';

export interface ConversationFilters {
  mode: EntryMode;
  memberId: string | undefined;
  customerId: string | undefined;
  /** Member, customer or group name; typed, so debounced. */
  q: string;
  kind: Kind | '' | undefined;
  withViolations: boolean;
}

export function toConversationQuery(filters: ConversationFilters): ConversationListParams {
  return {
    memberId: filters.mode === 'member' ? filters.memberId || undefined : undefined,
    customerId: filters.mode === 'customer' ? filters.customerId || undefined : undefined,
    q: filters.q.trim() || undefined,
    kind: filters.kind || undefined,
    withViolations: filters.withViolations || undefined,
  };
}

/** The conversation list; the server pages and scopes it to the departments the user may see. */
export function useConversations() {
  const auth = useAuthStore();
  const filters = reactive<ConversationFilters>({
    mode: 'member',
    memberId: undefined,
    customerId: undefined,
    q: '',
    kind: '',
    withViolations: false,
  });
  const list = usePagedList((page) => getConversationListApi({ ...toConversationQuery(filters), ...page }));
  const { pager, rows, total, loading, load } = list;
  const canReadOrg = computed(() => auth.can(Permission.OrgRead));
  const canReadCustomers = computed(() => auth.can(Permission.CustomersRead));

  const { now: search, soon: searchSoon } = useTypedSearch(list.search);

  watch(
    () => ({ ...toConversationQuery(filters) }),
    (now, before) => {
      const picked = (Object.keys(now) as (keyof ConversationListParams)[]).some(
        (key) => key !== 'q' && now[key] !== before[key],
      );
      if (picked) {
        search();
      } else if (now.q !== before.q) {
        searchSoon();
      }
    },
  );

  onMounted(() => void load());

  return {
    filters,
    pager,
    rows,
    total,
    loading,
    canReadOrg,
    canReadCustomers,
    kinds: Object.values(ConversationKind),
    load,
    search,
  };
}
