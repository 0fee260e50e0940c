export { createApp, createServices, type AppDependencies, type Services } from './app';
export { parseConfig, loadConfig, ConfigError, type Config } from './config/config';
export { openDataSource } from './db/data-source';
export { runMigrations } from './db/migrate';
export { entities } from './db/entities';
export { createLogger } from './logger';
