import { onBeforeUnmount, onMounted } from 'vue';
import { useRouter } from 'vue-router';
import { useI18n } from 'vue-i18n';
import type { Violation } from '@keeper/shared';
import { useRealtimeStore } from '@/stores/realtime.store';
import { toastOffset } from './toast-offset';

/** A toast for every new chat violation, on whichever page the user is; clicking it opens the message. */
export function useViolationNotifier(): void {
  const { t } = useI18n();
  const router = useRouter();
  const realtime = useRealtimeStore();
  let unsubscribe: (() => void) | undefined;

  function notify(violation: Violation): void {
    const notification = ElNotification({
      offset: toastOffset(),
      type: violation.severity === 'high' ? 'error' : 'warning',
      title: t('violations.newViolation', { rule: violation.ruleName }),
      message: t('violations.newViolationMessage', {
        member: violation.member.name,
        customer: violation.customer?.name ?? t('violations.noCustomer'),
      }),
      duration: 8_000,
      customClass: 'violation-notification',
      onClick: () => {
        notification.close();
        void router.push({
          name: 'audit-conversation',
          params: { id: violation.conversationId },
          query: { message: violation.messageId },
        });
      },
    });
  }

  onMounted(() => {
    unsubscribe = realtime.onViolationCreated(notify);
  });
  onBeforeUnmount(() => unsubscribe?.());
}
