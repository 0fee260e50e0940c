import busboy from 'busboy';
import { ErrorCode } from '@keeper/shared';
import { AppError } from './app-error';
import type { KeeperContext } from './context';

/** A file part of a form, read into memory (uploads Keeper takes are small: 20 MB at most). */
export interface UploadedFile {
  fileName: string;
  /** What the browser said; a hint only, never trusted for serving. */
  mimeType: string;
  data: Buffer;
}

export interface MultipartForm {
  fields: ReadonlyMap<string, string>;
  file: UploadedFile | undefined;
}

export interface MultipartOptions {
  /** The part holding the file; any other file part is refused. */
  fileField: string;
  /** A longer file is refused with payload_too_large, after the rest of the request is read and dropped. */
  maxFileBytes: number;
  /** Text fields (JSON metadata): 64 KB each unless told otherwise. */
  maxFieldBytes?: number;
}

export function isMultipart(ctx: KeeperContext): boolean {
  return ctx.is('multipart/form-data') === 'multipart/form-data';
}

const invalid = (message: string) =>
  new AppError(ErrorCode.ValidationFailed, message, { issues: [{ path: 'file', message }] });

/**
 * Reads a multipart/form-data request body: its text fields and at most one file. Everything is read before
 * the answer, so a refusal (too large, two files) never leaves the client writing into a closed connection.
 */
export function readMultipartForm(ctx: KeeperContext, options: MultipartOptions): Promise<MultipartForm> {
  if (!isMultipart(ctx)) return Promise.reject(invalid('The request must be multipart/form-data'));
  return new Promise((resolve, reject) => {
    const fields = new Map<string, string>();
    let file: UploadedFile | undefined;
    let problem: AppError | undefined;
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: ctx.req.headers,
        // Chinese file names come as UTF-8, not as busboy's default latin1.
        defParamCharset: 'utf8',
        limits: {
          files: 1,
          fields: 10,
          parts: 11,
          fileSize: options.maxFileBytes,
          fieldSize: options.maxFieldBytes ?? 64 * 1024,
        },
      });
    } catch {
      reject(invalid('The multipart body has no boundary'));
      return;
    }
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) problem ??= invalid(`The field ${name} is too long`);
      fields.set(name, value);
    });
    parser.on('file', (name, stream, info) => {
      if (name !== options.fileField) {
        problem ??= invalid(`Unexpected file part ${name}`);
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        problem ??= new AppError(
          ErrorCode.PayloadTooLarge,
          `The file is larger than ${Math.floor(options.maxFileBytes / 1024 / 1024)} MB`,
        );
      });
      stream.on('end', () => {
        file = { fileName: info.filename ?? '', mimeType: info.mimeType, data: Buffer.concat(chunks) };
      });
    });
    parser.on('filesLimit', () => (problem ??= invalid('Only one file may be uploaded')));
    parser.on('partsLimit', () => (problem ??= invalid('Too many parts in the form')));
    parser.on('fieldsLimit', () => (problem ??= invalid('Too many fields in the form')));
    parser.on('error', () => reject(invalid('The multipart body is malformed')));
    parser.on('close', () => (problem ? reject(problem) : resolve({ fields, file })));
    ctx.req.on('aborted', () => reject(invalid('The upload was interrupted')));
    ctx.req.pipe(parser);
  });
}
