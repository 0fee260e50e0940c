import { reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FormInstance } from 'element-plus';
import type { Violation } from '@keeper/shared';
import { updateViolationApi } from '@/api/violations';
import { useRealtimeStore } from '@/stores/realtime.store';
import type { ViolationHandling, ViolationNoteFormModel } from './rules';

interface ViolationHandleOptions {
  visible: () => boolean;
  target: () => ViolationHandling | null;
  onHandled: (violation: Violation) => void;
  close: () => void;
}

/** Confirming or dismissing one violation with an optional note. */
export function useViolationHandle(options: ViolationHandleOptions) {
  const { t } = useI18n();
  const realtime = useRealtimeStore();
  const formRef = ref<FormInstance>();
  const model = reactive<ViolationNoteFormModel>({ note: '' });
  const saving = ref(false);

  watch(options.visible, (open) => {
    if (!open) return;
    model.note = options.target()?.note ?? '';
    formRef.value?.clearValidate();
  });

  async function submit(): Promise<void> {
    const target = options.target();
    if (!target || !(await formRef.value?.validate().catch(() => false))) return;
    saving.value = true;
    try {
      const note = model.note.trim();
      const updated = await updateViolationApi(target.id, {
        status: target.status,
        ...(note ? { note } : {}),
      });
      options.close();
      ElMessage.success(t(updated.status === 'confirmed' ? 'violations.confirmed' : 'violations.dismissed'));
      options.onHandled(updated);
      // The badge counts new violations; asking keeps it right if the socket is down.
      void realtime.refreshViolationCounts();
    } catch {
      // Shown by the request client; the dialog stays open.
    } finally {
      saving.value = false;
    }
  }

  return { formRef, model, saving, submit };
}
