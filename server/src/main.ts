import { ConfigError, loadConfig, type Config } from './config/config';

/**
 * The entry point. The configuration is parsed before anything else loads, because entity modules read
 * the database dialect from it when they are imported: a bad value must stop start-up with the list of
 * bad keys, not with a stack trace from deep inside an import.
 */
function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Keeper did not start. ${error.message}\nSee .env.example for every variable.`);
      process.exit(78);
    }
    throw error;
  }
}

const config = loadConfigOrExit();
const { startServer } = await import('./server');
await startServer(config).catch((error: unknown) => {
  console.error('Keeper failed to start:', error);
  process.exit(1);
});
