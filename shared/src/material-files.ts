import { utf8Bytes, type MaterialKind } from './broadcasts';

const MB = 1024 * 1024;

/**
 * What WeCom takes for each kind of material (protocol.md §13), so the console can refuse a file before it is
 * sent and the server refuses the same files. Sizes in bytes; WeCom refuses files of 5 bytes or fewer.
 * A link's cover goes through media/uploadimg (a permanent URL, at most 2 MB); a mini-program's cover is a
 * temporary image (media/upload, 10 MB).
 */
export const MATERIAL_FILE_RULES: Record<
  MaterialKind,
  { file: 'required' | 'optional'; maxBytes: number; extensions: readonly string[] | null }
> = {
  image: { file: 'required', maxBytes: 10 * MB, extensions: ['jpg', 'jpeg', 'png'] },
  video: { file: 'required', maxBytes: 10 * MB, extensions: ['mp4'] },
  file: { file: 'required', maxBytes: 20 * MB, extensions: null },
  link: { file: 'optional', maxBytes: 2 * MB, extensions: ['jpg', 'jpeg', 'png'] },
  miniprogram: { file: 'required', maxBytes: 10 * MB, extensions: ['jpg', 'jpeg', 'png'] },
};

/** WeCom refuses media of this size or smaller. */
export const MATERIAL_MIN_BYTES = 5;

/** The largest file any kind takes: uploads beyond it are cut off before they are read to the end. */
export const MATERIAL_MAX_BYTES = 20 * MB;

/** Byte limits of an attachment's texts in add_msg_template (protocol.md §6.1). */
export const MATERIAL_TEXT_LIMITS = {
  link: { title: 128, description: 512 },
  miniprogram: { title: 64 },
} as const;

/** Why a file does not fit a material's kind. */
export type MaterialFileProblem = 'missing' | 'format' | 'too_small' | 'too_large';

export function fileExtension(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** Whether a file (or none) fits the kind of material; null when it does. */
export function materialFileProblem(
  kind: MaterialKind,
  file: { name: string; size: number } | null,
): MaterialFileProblem | null {
  const rule = MATERIAL_FILE_RULES[kind];
  if (!file) return rule.file === 'required' ? 'missing' : null;
  if (rule.extensions && !rule.extensions.includes(fileExtension(file.name))) return 'format';
  if (file.size <= MATERIAL_MIN_BYTES) return 'too_small';
  if (file.size > rule.maxBytes) return 'too_large';
  return null;
}

/** Texts longer than WeCom takes for the kind, by field (UTF-8 bytes: a Chinese character is 3). */
export function materialTextProblems(input: {
  kind: MaterialKind;
  title: string;
  description: string | null;
}): { field: 'title' | 'description'; maxBytes: number }[] {
  const problems: { field: 'title' | 'description'; maxBytes: number }[] = [];
  if (input.kind === 'link') {
    const { title, description } = MATERIAL_TEXT_LIMITS.link;
    if (utf8Bytes(input.title) > title) problems.push({ field: 'title', maxBytes: title });
    if (input.description && utf8Bytes(input.description) > description)
      problems.push({ field: 'description', maxBytes: description });
  }
  if (input.kind === 'miniprogram' && utf8Bytes(input.title) > MATERIAL_TEXT_LIMITS.miniprogram.title)
    problems.push({ field: 'title', maxBytes: MATERIAL_TEXT_LIMITS.miniprogram.title });
  return problems;
}
