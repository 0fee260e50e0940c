import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { OfficeBuilding } from '@element-plus/icons-vue';
import { Permission } from '@keeper/shared';

export const orgRoutes: RouteRecordRaw[] = [
  {
    path: 'org',
    name: 'org',
    component: () => import('@/views/org/index.vue'),
    meta: { title: 'menu.org', icon: markRaw(OfficeBuilding), permission: Permission.OrgRead },
  },
];
