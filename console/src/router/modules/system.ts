import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { Document, Setting, User } from '@element-plus/icons-vue';
import { Permission } from '@keeper/shared';
import { useAuthStore } from '@/stores/auth.store';

const children: RouteRecordRaw[] = [
  {
    path: 'users',
    name: 'system-users',
    component: () => import('@/views/system/users/index.vue'),
    meta: { title: 'menu.users', icon: markRaw(User), permission: Permission.UsersManage },
  },
  {
    path: 'access-audit',
    name: 'system-access-audit',
    component: () => import('@/views/system/access-audit/index.vue'),
    meta: { title: 'menu.accessAudit', icon: markRaw(Document), permission: Permission.AccessAuditRead },
  },
];

export const systemRoutes: RouteRecordRaw[] = [
  {
    path: 'system',
    name: 'system',
    meta: { title: 'menu.system', icon: markRaw(Setting) },
    // `/system` opens the first page this user may see, so the group link never lands on a 403.
    redirect: () => {
      const auth = useAuthStore();
      const first = children.find((route) => auth.can(route.meta?.permission));
      return first?.name ? { name: first.name } : { name: 'forbidden' };
    },
    children,
  },
];
