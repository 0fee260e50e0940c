import { fileURLToPath } from 'node:url';

/**
 * Where the host process and its decrypt worker start. The caller passes these to FinanceSdkClient because only
 * it knows how it was built: from TypeScript sources (tests, tsx) or bundled (the server's tsup build, which must
 * emit `finance-sdk-host` and `finance-sdk-worker` as entries of their own).
 */
export interface FinanceSdkEntries {
  hostEntry: string;
  workerEntry: string;
  /** Node flags for the host process, e.g. `['--import', 'tsx']` for .ts entries. */
  execArgv: string[];
  /**
   * A module whose `register()` each decrypt thread calls before loading `workerEntry` (`tsx/esm/api` for .ts
   * entries): Node 20 does not apply `--import` loader hooks to worker threads. Omit it for bundled entries.
   */
  workerLoader?: string;
}

/** The TypeScript sources, run through tsx: for tests and development. */
export function sourceFinanceSdkEntries(): FinanceSdkEntries {
  return {
    hostEntry: fileURLToPath(new URL('./finance-sdk-host.ts', import.meta.url)),
    workerEntry: fileURLToPath(new URL('./finance-sdk-worker.ts', import.meta.url)),
    execArgv: ['--import', 'tsx'],
    workerLoader: 'tsx/esm/api',
  };
}
