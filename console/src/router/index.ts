import { createRouter, createWebHistory, type RouterHistory } from 'vue-router';
import './meta';
import { installRouterGuards } from './guard';
import { routes } from './routes';

export { LAYOUT_ROUTE_NAME } from './meta';
export { routes } from './routes';

/** A factory so tests can build a router on memory history with the same routes and guards. */
export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  const router = createRouter({ history, routes, scrollBehavior: () => ({ top: 0 }) });
  installRouterGuards(router);
  return router;
}
