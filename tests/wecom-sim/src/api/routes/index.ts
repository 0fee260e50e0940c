import type { ApiRoute } from '../route.js';
import { authRoutes } from './auth.routes.js';
import { contactWayRoutes } from './contact-way.routes.js';
import { customerRoutes } from './customer.routes.js';
import { directoryRoutes } from './directory.routes.js';
import { groupChatRoutes } from './groupchat.routes.js';
import { massMessageRoutes } from './mass-message.routes.js';
import { mediaRoutes } from './media.routes.js';
import { messageRoutes } from './message.routes.js';
import { msgauditRoutes } from './msgaudit.routes.js';
import { tagRoutes } from './tag.routes.js';
import { tokenRoutes } from './token.routes.js';
import { transferRoutes } from './transfer.routes.js';

/** Every WeCom API the simulator serves. */
export const apiRoutes: readonly ApiRoute[] = [
  ...tokenRoutes,
  ...directoryRoutes,
  ...customerRoutes,
  ...tagRoutes,
  ...contactWayRoutes,
  ...groupChatRoutes,
  ...transferRoutes,
  ...massMessageRoutes,
  ...mediaRoutes,
  ...msgauditRoutes,
  ...messageRoutes,
  ...authRoutes,
];
