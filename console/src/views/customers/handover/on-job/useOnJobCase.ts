import { ref } from 'vue';
import { useRouter } from 'vue-router';
import { useI18n } from 'vue-i18n';
import { openOnJobCaseApi } from '@/api/reassign';
import { caseRoute } from '../labels';

/** Opens the chosen member's on-duty case (or finds the one still open) and goes to its page to plan. */
export function useOnJobCase() {
  const { t } = useI18n();
  const router = useRouter();
  const member = ref<string | undefined>(undefined);
  const opening = ref(false);

  async function openCase(): Promise<void> {
    if (!member.value) {
      ElMessage.warning(t('handover.memberRequired'));
      return;
    }
    opening.value = true;
    try {
      const opened = await openOnJobCaseApi({ handoverUserId: member.value });
      await router.push(caseRoute(opened));
    } catch {
      // Shown by the request client.
    } finally {
      opening.value = false;
    }
  }

  return { member, opening, openCase };
}
