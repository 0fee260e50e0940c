import { computed, nextTick, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FormInstance } from 'element-plus';
import { UserStatus, type User } from '@keeper/shared';
import { createUserApi, updateUserApi } from '@/api/users';
import { useOrgStore } from '@/stores/org.store';
import { createUserFormRules, type UserFormModel } from './rules';

function emptyModel(): UserFormModel {
  return {
    username: '',
    displayName: '',
    password: '',
    roles: [],
    departmentIds: [],
    wecomUserId: '',
    status: UserStatus.Active,
  };
}

function modelOf(user: User): UserFormModel {
  return {
    username: user.username,
    displayName: user.displayName,
    password: '',
    roles: [...user.roles],
    departmentIds: [...user.scope.departmentIds],
    wecomUserId: user.wecomUserId ?? '',
    status: user.status,
  };
}

/** Create and edit share one form; `user` null means create. */
export function useUserForm(options: {
  visible: () => boolean;
  user: () => User | null;
  onSaved: (user: User) => void;
  close: () => void;
}) {
  const { t } = useI18n();
  const formRef = ref<FormInstance>();
  const model = reactive<UserFormModel>(emptyModel());
  const saving = ref(false);

  const mode = computed(() => (options.user() ? 'edit' : 'create'));
  const rules = computed(() => createUserFormRules(mode.value));
  const title = computed(() => (mode.value === 'edit' ? t('users.edit') : t('users.create')));

  // Departments are picked from the synced tree; without it (no sync yet, no access, a failed request) the
  // form still works with typed department ids.
  const org = useOrgStore();
  const departmentTree = computed(() => org.departmentTree);
  const departmentsLoading = computed(() => org.loading && org.overview === null);
  const pickDepartmentsFromTree = computed(() => org.departments.length > 0 || departmentsLoading.value);

  watch(options.visible, async (visible) => {
    if (!visible) return;
    if (org.overview === null && !org.loading) void org.refresh({ silent: true });
    const user = options.user();
    Object.assign(model, user ? modelOf(user) : emptyModel());
    await nextTick();
    formRef.value?.clearValidate();
  });

  async function submit(): Promise<void> {
    const valid = await formRef.value?.validate().catch(() => false);
    if (!valid) return;
    saving.value = true;
    const wecomUserId = model.wecomUserId.trim() || null;
    const user = options.user();
    try {
      const saved = user
        ? await updateUserApi(user.id, {
            displayName: model.displayName.trim(),
            roles: model.roles,
            departmentIds: model.departmentIds,
            wecomUserId,
            status: model.status,
            // Sent only when typed: an empty field means "keep the current password".
            ...(model.password ? { password: model.password } : {}),
          })
        : await createUserApi({
            username: model.username.trim(),
            displayName: model.displayName.trim(),
            password: model.password,
            roles: model.roles,
            departmentIds: model.departmentIds,
            wecomUserId,
          });
      ElMessage.success(user ? t('users.updated') : t('users.created'));
      options.onSaved(saved);
      options.close();
    } catch {
      // The request client has already shown the reason.
    } finally {
      saving.value = false;
    }
  }

  return {
    formRef,
    model,
    saving,
    mode,
    rules,
    title,
    departmentTree,
    departmentsLoading,
    pickDepartmentsFromTree,
    submit,
  };
}
