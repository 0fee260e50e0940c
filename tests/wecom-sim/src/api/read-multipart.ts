import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { WecomError } from './errors.js';

/** The file part of an upload, as `media/upload` and `media/uploadimg` take it (part name `media`). */
export interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** Uploads above this are refused before they are read to the end (WeCom's largest, a file, is 20 MB). */
const LIMIT = 20 * 1024 * 1024 + 1;

/** Reads a multipart/form-data body: its `media` part, or 41006-style errors as WeCom answers them. */
export function readMultipart(req: IncomingMessage): Promise<UploadedFile | undefined> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return Promise.reject(new WecomError(40058, 'not multipart'));
  return new Promise((resolve, reject) => {
    let file: UploadedFile | undefined;
    let tooLarge = false;
    // Names come as UTF-8 (Chinese file names), not busboy's default latin1.
    const parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: { fileSize: LIMIT, files: 1 },
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'media') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => (tooLarge = true));
      stream.on('end', () => {
        file = {
          filename: info.filename ?? 'media',
          contentType: info.mimeType,
          bytes: Buffer.concat(chunks),
        };
      });
    });
    parser.on('error', () => reject(new WecomError(40058, 'malformed multipart body')));
    parser.on('close', () => (tooLarge ? reject(new WecomError(40006)) : resolve(file)));
    req.pipe(parser);
  });
}
