import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { Bell } from '@element-plus/icons-vue';
import { Permission } from '@keeper/shared';

export const alertRoutes: RouteRecordRaw[] = [
  {
    path: 'alerts',
    name: 'alerts',
    component: () => import('@/views/alerts/index.vue'),
    meta: {
      title: 'menu.alerts',
      icon: markRaw(Bell),
      permission: Permission.AlertsRead,
      badge: 'openAlerts',
    },
  },
];
