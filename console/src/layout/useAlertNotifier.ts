import { onBeforeUnmount, onMounted } from 'vue';
import { useRouter } from 'vue-router';
import { useI18n } from 'vue-i18n';
import type { Alert } from '@keeper/shared';
import { useRealtimeStore } from '@/stores/realtime.store';
import { toastOffset } from './toast-offset';

/** A toast for every new alert, on whichever console page the user is; clicking it opens the alerts page. */
export function useAlertNotifier(): void {
  const { t } = useI18n();
  const router = useRouter();
  const realtime = useRealtimeStore();
  let unsubscribe: (() => void) | undefined;

  function notify(alert: Alert): void {
    const notification = ElNotification({
      offset: toastOffset(),
      type: alert.severity === 'high' ? 'error' : 'warning',
      title: t('alerts.newAlert', { kind: t(`alertKind.${alert.kind}`) }),
      message: t('alerts.newAlertMessage', {
        member: alert.memberName,
        customer: alert.customerName ?? t('alerts.unknownCustomer'),
      }),
      duration: 8_000,
      customClass: 'alert-notification',
      onClick: () => {
        notification.close();
        void router.push({ name: 'alerts' });
      },
    });
  }

  onMounted(() => {
    unsubscribe = realtime.onAlertCreated(notify);
  });
  onBeforeUnmount(() => unsubscribe?.());
}
