import { z } from 'zod';

/**
 * Why a background job failed — a sync run, the archive puller, a callback handler — as a code the console words
 * in the reader's language. The server keeps its own technical text beside it (for logs and as a detail line);
 * the code is what a person reads.
 */
export const FailureCode = {
  /** WeCom answered with an errcode (`params.errcode`). */
  WeComError: 'wecom_error',
  /** WeCom could not be reached or did not answer in time (`params.reason`: timeout, network…). */
  WeComUnreachable: 'wecom_unreachable',
  /** Keeper's database did not answer or the connection broke. */
  DatabaseUnavailable: 'database_unavailable',
  /** Another Keeper process held the job's lease, so this run did nothing. */
  RunningElsewhere: 'running_elsewhere',
  /** WeCom listed no departments: the app's visible range is empty. */
  NoDepartmentsVisible: 'no_departments_visible',
  /** WeCom listed no members while Keeper knows some: nobody was marked departed. */
  NoMembersVisible: 'no_members_visible',
  /** An archived message was encrypted with a key version Keeper has no private key for (`params.keyVersion`). */
  ArchiveKeyMissing: 'archive_key_missing',
  /** The Finance SDK returned an error code (`params.sdkCode`). */
  ArchiveSdkError: 'archive_sdk_error',
  /** The process hosting the Finance SDK crashed, hung or could not start (`params.reason`). */
  ArchiveSdkHost: 'archive_sdk_host',
  /** A message could not be decrypted with the configured key of its version (wrong key or damaged data). */
  ArchiveUndecryptable: 'archive_undecryptable',
  /** A decrypted message did not have the documented shape. */
  ArchiveMalformed: 'archive_malformed',
  /** A callback's content could not be read as a WeCom event. */
  MalformedEvent: 'malformed_event',
  /** Anything else: the detail says what. */
  Unknown: 'unknown',
} as const;
export type FailureCode = (typeof FailureCode)[keyof typeof FailureCode];
export const failureCodeSchema = z.enum([
  'wecom_error',
  'wecom_unreachable',
  'database_unavailable',
  'running_elsewhere',
  'no_departments_visible',
  'no_members_visible',
  'archive_key_missing',
  'archive_sdk_error',
  'archive_sdk_host',
  'archive_undecryptable',
  'archive_malformed',
  'malformed_event',
  'unknown',
]);

/** The few values a failure's wording needs; each code uses the ones its comment names. */
export const failureParamsSchema = z.object({
  errcode: z.number().int().optional(),
  reason: z.string().max(32).optional(),
  keyVersion: z.number().int().optional(),
  sdkCode: z.number().int().optional(),
});
export type FailureParams = z.infer<typeof failureParamsSchema>;

export const failureSchema = z.object({
  code: failureCodeSchema,
  params: failureParamsSchema,
  /** The server's technical text (English, as logged): shown as a secondary detail line. */
  detail: z.string(),
});
export type Failure = z.infer<typeof failureSchema>;
