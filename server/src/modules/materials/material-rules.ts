import {
  ErrorCode,
  fileExtension,
  MATERIAL_FILE_RULES,
  MATERIAL_MIN_BYTES,
  materialFileProblem,
  materialTextProblems,
  type MaterialInput,
  type MaterialKind,
} from '@keeper/shared';
import { AppError } from '../../http/app-error';
import type { UploadedFile } from '../../http/multipart';

type Issue = { path: string; message: string };

const MB = 1024 * 1024;

/**
 * The content types Keeper serves a material's file with, by extension. Anything else is served as
 * application/octet-stream: a file someone uploaded must never be served as a page or a script (HTML, SVG…).
 */
const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  mp4: 'video/mp4',
  pdf: 'application/pdf',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  zip: 'application/zip',
};

export function contentTypeOf(fileName: string): string {
  return CONTENT_TYPES[fileExtension(fileName)] ?? 'application/octet-stream';
}

const KIND_NAMES: Record<MaterialKind, string> = {
  image: 'An image',
  video: 'A video',
  file: 'A file',
  link: 'A link cover',
  miniprogram: 'A mini-program cover',
};

const FORMAT_NAMES: Record<MaterialKind, string> = {
  image: 'a JPG or PNG image',
  video: 'an MP4 video',
  file: 'a file',
  link: 'a JPG or PNG image',
  miniprogram: 'a JPG or PNG image',
};

/** What WeCom will show: a kind's fields, each of them required where WeCom needs it. */
export interface CheckedMaterial {
  title: string;
  description: string | null;
  url: string | null;
  appId: string | null;
  page: string | null;
}

/**
 * Checks a material against what WeCom takes (protocol.md §§6.1, 13) and keeps only the fields its kind has.
 * Every problem is reported at once, as a validation error naming its field; nothing is stored before this
 * passed. `file` is undefined on an update (the file does not change) and null when none was sent.
 */
export function checkMaterial(input: MaterialInput, file: UploadedFile | null | undefined): CheckedMaterial {
  const issues: Issue[] = [];
  if (input.kind === 'link' && !input.url) issues.push({ path: 'url', message: 'A link needs its URL' });
  if (input.kind === 'miniprogram') {
    if (!input.appId) issues.push({ path: 'appId', message: 'A mini-program needs its AppID' });
    if (!input.page) issues.push({ path: 'page', message: 'A mini-program needs the page it opens' });
  }
  for (const { field, maxBytes } of materialTextProblems(input)) {
    issues.push({
      path: field,
      message: `WeCom takes at most ${maxBytes} bytes here (a Chinese character counts 3)`,
    });
  }
  if (file !== undefined) issues.push(...fileIssues(input.kind, file));
  if (issues.length) {
    throw new AppError(ErrorCode.ValidationFailed, issues.map((issue) => issue.message).join('; '), {
      issues,
    });
  }
  return {
    title: input.title,
    description: input.description,
    url: input.kind === 'link' ? input.url : null,
    appId: input.kind === 'miniprogram' ? input.appId : null,
    page: input.kind === 'miniprogram' ? input.page : null,
  };
}

function fileIssues(kind: MaterialKind, file: UploadedFile | null): Issue[] {
  const problem = materialFileProblem(kind, file && { name: file.fileName, size: file.data.length });
  const rule = MATERIAL_FILE_RULES[kind];
  const issue = (message: string) => [{ path: 'file', message }];
  switch (problem) {
    case 'missing':
      return issue(
        kind === 'miniprogram' ? 'A mini-program needs a cover image' : `${KIND_NAMES[kind]} needs its file`,
      );
    case 'format':
      return issue(`${KIND_NAMES[kind]} must be ${FORMAT_NAMES[kind]}`);
    case 'too_small':
      return issue(`WeCom refuses files of ${MATERIAL_MIN_BYTES} bytes or fewer`);
    case 'too_large':
      return issue(`${KIND_NAMES[kind]} may be at most ${rule.maxBytes / MB} MB`);
    case null:
      break;
  }
  if (file && rule.extensions && !contentMatchesName(file)) {
    return issue(`${KIND_NAMES[kind]} must be ${FORMAT_NAMES[kind]}: this file's content is not`);
  }
  return [];
}

/** The file's first bytes are what its name says (WeCom goes by the name; a renamed file would fail later). */
function contentMatchesName(file: UploadedFile): boolean {
  const data = file.data;
  switch (fileExtension(file.fileName)) {
    case 'jpg':
    case 'jpeg':
      return data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
    case 'png':
      return data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'mp4':
      return data.subarray(4, 8).toString('latin1') === 'ftyp';
    default:
      return true;
  }
}

/** The name a file is kept and shown under: no folders, at most 255 characters, its extension kept. */
export function cleanFileName(name: string, kind: MaterialKind): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? '';
  const fallback = kind === 'video' ? 'video.mp4' : kind === 'file' ? 'file' : 'image.jpg';
  if (!base) return fallback;
  if (base.length <= 255) return base;
  const extension = fileExtension(base);
  return extension ? `${base.slice(0, 254 - extension.length)}.${extension}` : base.slice(0, 255);
}
