export declare const FINANCE_SDK_DOUBLE_SOURCE: string;
export declare const DEFAULT_FINANCE_SDK_DOUBLE_OUT: string;
/** Compiles finance_sdk_double.c with gcc unless the library is newer than the source; resolves to its path. */
export declare function buildFinanceSdkDouble(options?: {
  out?: string;
  gcc?: string;
  /** Called just before gcc runs (not when the library is up to date). */
  onCompile?: () => void;
}): Promise<string>;
