import type { RouteRecordRaw } from 'vue-router';
import { LAYOUT_ROUTE_NAME } from './meta';
import { alertRoutes } from './modules/alerts';
import { auditRoutes } from './modules/audit';
import { customerRoutes } from './modules/customers';
import { homeRoutes } from './modules/home';
import { marketingRoutes } from './modules/marketing';
import { orgRoutes } from './modules/org';
import { systemRoutes } from './modules/system';
import { wecomRoutes } from './modules/wecom';

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/index.vue'),
    meta: { title: 'login.title', public: true },
  },
  {
    path: '/',
    name: LAYOUT_ROUTE_NAME,
    component: () => import('@/layout/index.vue'),
    redirect: { name: 'home' },
    children: [
      ...homeRoutes,
      ...customerRoutes,
      ...marketingRoutes,
      ...alertRoutes,
      ...auditRoutes,
      ...orgRoutes,
      ...wecomRoutes,
      ...systemRoutes,
    ],
  },
  {
    path: '/403',
    name: 'forbidden',
    component: () => import('@/views/403/index.vue'),
    meta: { title: 'exception.forbiddenTitle' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/404/index.vue'),
    meta: { title: 'exception.notFoundTitle', public: true },
  },
];
