import type { MaterialKind } from '@keeper/shared';
import type { MessageKey } from '@/locales';

const MB = 1024 * 1024;

/** What WeCom accepts for each kind's file (protocol §13); a link's and a mini-program's cover is an image. */
export const FILE_RULES: Record<MaterialKind, { accept: string; types: RegExp; maxBytes: number }> = {
  image: { accept: 'image/jpeg,image/png', types: /^image\/(jpeg|png)$/, maxBytes: 10 * MB },
  link: { accept: 'image/jpeg,image/png', types: /^image\/(jpeg|png)$/, maxBytes: 10 * MB },
  miniprogram: { accept: 'image/jpeg,image/png', types: /^image\/(jpeg|png)$/, maxBytes: 10 * MB },
  video: { accept: 'video/mp4', types: /^video\/mp4$/, maxBytes: 10 * MB },
  file: { accept: '', types: /.*/, maxBytes: 20 * MB },
};

/** WeCom refuses files of 5 bytes or less. */
const MIN_BYTES = 6;

/** Why a chosen file cannot be uploaded for this kind, as a message key; null when it can. */
export function fileProblem(kind: MaterialKind, file: Pick<File, 'size' | 'type'>): MessageKey | null {
  const rule = FILE_RULES[kind];
  if (!rule.types.test(file.type))
    return kind === 'video' ? 'marketing.materials.videoType' : 'marketing.materials.imageType';
  if (file.size < MIN_BYTES) return 'marketing.materials.fileEmpty';
  if (file.size > rule.maxBytes) return 'marketing.materials.fileTooLarge';
  return null;
}

/** Which kinds carry a file, and whether a new material must have one. */
export function fileNeed(kind: MaterialKind): 'required' | 'optional' {
  return kind === 'link' ? 'optional' : 'required';
}
