import { reactive, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { FormInstance } from 'element-plus';
import type { LoginRequest } from '@keeper/shared';
import { describeApiError } from '@/api/error-message';
import { safeRedirect } from '@/router/guard';
import { useAuthStore } from '@/stores/auth.store';

export function useLogin() {
  const auth = useAuthStore();
  const route = useRoute();
  const router = useRouter();

  const formRef = ref<FormInstance>();
  const form = reactive<LoginRequest>({ username: '', password: '' });
  const submitting = ref(false);
  /** The last failure, shown above the form: wrong password, disabled account, the 429 wait, no network. */
  const errorMessage = ref('');

  async function submit(): Promise<void> {
    const valid = await formRef.value?.validate().catch(() => false);
    if (!valid) return;
    errorMessage.value = '';
    submitting.value = true;
    try {
      await auth.login({ username: form.username.trim(), password: form.password });
      await router.replace(safeRedirect(route.query.redirect));
    } catch (error) {
      errorMessage.value = describeApiError(error);
    } finally {
      submitting.value = false;
    }
  }

  return { formRef, form, submitting, errorMessage, submit };
}
