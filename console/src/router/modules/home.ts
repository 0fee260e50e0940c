import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { HomeFilled } from '@element-plus/icons-vue';

export const homeRoutes: RouteRecordRaw[] = [
  {
    path: 'home',
    name: 'home',
    component: () => import('@/views/home/index.vue'),
    meta: { title: 'menu.home', icon: markRaw(HomeFilled) },
  },
];
