import { onMounted, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { Permission, ROLES, UserStatus, type Role, type User } from '@keeper/shared';
import { getUserListApi, updateUserApi } from '@/api/users';
import { usePagedList } from '@/utils/paged-list';
import { useAuthStore } from '@/stores/auth.store';
import { useOrgStore } from '@/stores/org.store';

export const ROLE_TAG_TYPE: Record<Role, 'danger' | 'warning' | 'success' | 'primary' | 'info'> = {
  admin: 'danger',
  manager: 'warning',
  auditor: 'success',
  marketer: 'primary',
  staff: 'info',
};

interface UserFilters {
  q: string;
  // A cleared el-select sets its model to '' or undefined, depending on the version.
  role: Role | '' | undefined;
  status: UserStatus | '' | undefined;
}

export function useUsers() {
  const { t } = useI18n();

  const filters = reactive<UserFilters>({ q: '', role: '', status: '' });
  const { pager, rows, total, loading, load, search } = usePagedList((page) =>
    getUserListApi({
      ...page,
      q: filters.q.trim() || undefined,
      role: filters.role || undefined,
      status: filters.status || undefined,
    }),
  );

  const dialogVisible = ref(false);
  const editing = ref<User | null>(null);

  function reset(): void {
    Object.assign(filters, { q: '', role: '', status: '' });
    search();
  }

  function openCreate(): void {
    editing.value = null;
    dialogVisible.value = true;
  }

  function openEdit(user: User): void {
    editing.value = user;
    dialogVisible.value = true;
  }

  async function toggleStatus(user: User): Promise<void> {
    const next = user.status === UserStatus.Active ? UserStatus.Disabled : UserStatus.Active;
    const question = next === UserStatus.Disabled ? 'users.disableConfirm' : 'users.enableConfirm';
    try {
      await ElMessageBox.confirm(t(question, { name: user.displayName }), {
        type: next === UserStatus.Disabled ? 'warning' : 'info',
        confirmButtonText: t('common.confirm'),
        cancelButtonText: t('common.cancel'),
      });
    } catch {
      return; // cancelled
    }
    try {
      await updateUserApi(user.id, { status: next });
      ElMessage.success(next === UserStatus.Disabled ? t('users.disabled') : t('users.enabled'));
      await load();
    } catch {
      // Shown by the request client.
    }
  }

  /** Department names for the scope column and the form's picker; ids are shown when they cannot be had. */
  const org = useOrgStore();
  onMounted(() => {
    void load();
    if (useAuthStore().can(Permission.OrgRead)) void org.refresh({ silent: true });
  });

  function scopeDepartments(user: User): string {
    return user.scope.departmentIds.map((id) => org.departmentNames.get(id) ?? id).join(', ');
  }

  return {
    roles: ROLES,
    statuses: Object.values(UserStatus),
    filters,
    pager,
    rows,
    total,
    loading,
    dialogVisible,
    editing,
    load,
    search,
    reset,
    openCreate,
    openEdit,
    toggleStatus,
    scopeDepartments,
  };
}
