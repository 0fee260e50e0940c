import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  FinanceSdkClient,
  sourceFinanceSdkEntries,
  type FinanceSdkEntries,
  type WeComLogger,
} from '@keeper/bot';
import type { WeComConfig } from '../../config/config';

/**
 * Where the SDK host and its worker start: the server build emits them beside its own chunks; when running
 * from sources (tests, tsx) they are the TypeScript files.
 */
function financeSdkEntries(): FinanceSdkEntries {
  const hostEntry = fileURLToPath(new URL('./finance-sdk-host.js', import.meta.url));
  if (!fs.existsSync(hostEntry)) return sourceFinanceSdkEntries();
  return {
    hostEntry,
    workerEntry: fileURLToPath(new URL('./finance-sdk-worker.js', import.meta.url)),
    execArgv: [],
  };
}

export class ArchiveKeyError extends Error {}

/**
 * The archive source when it is fully configured (corp, archive secret, SDK library, private keys), else
 * undefined and the archive stays off. Key files are read here, once; a missing one stops start-up.
 */
export function createFinanceSdk(
  config: WeComConfig,
  logger: WeComLogger,
): { sdk: FinanceSdkClient; keyVersions: number[] } | undefined {
  const { archive } = config;
  if (!config.corpId || !config.archiveSecret || !archive.sdkPath || archive.privateKeyFiles.length === 0)
    return undefined;
  const privateKeys: Record<number, string> = {};
  for (const key of archive.privateKeyFiles) {
    try {
      privateKeys[key.version] = fs.readFileSync(key.path, 'utf8');
    } catch {
      throw new ArchiveKeyError(
        `WECOM_ARCHIVE_PRIVATE_KEYS: cannot read the key of version ${key.version} at ${key.path}`,
      );
    }
  }
  const sdk = new FinanceSdkClient({
    libraryPath: archive.sdkPath,
    corpId: config.corpId,
    secret: config.archiveSecret,
    privateKeys,
    entries: financeSdkEntries(),
    logger,
  });
  return { sdk, keyVersions: archive.privateKeyFiles.map((key) => key.version).sort((a, b) => a - b) };
}
