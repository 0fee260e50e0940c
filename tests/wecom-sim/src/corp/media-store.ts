import type { UploadedFile } from '../api/read-multipart.js';

/** A temporary media file (`media/upload`): valid three days, shared by every app of the corp. */
export interface TemporaryMedia extends UploadedFile {
  mediaId: string;
  type: 'image' | 'voice' | 'video' | 'file';
  createdAt: number;
}

export const MEDIA_TTL_SEC = 3 * 86_400;

/**
 * Uploaded media. Kept in memory only (not in the state file): a media_id is temporary in WeCom too, and a
 * caller must be ready to upload again.
 */
export class MediaStore {
  private readonly temporary = new Map<string, TemporaryMedia>();
  /** `media/uploadimg` images by the name in their permanent URL. */
  private readonly images = new Map<string, UploadedFile>();

  put(media: TemporaryMedia): void {
    this.temporary.set(media.mediaId, media);
  }

  /** The media if it exists and has not expired at `now`. */
  get(mediaId: string, now: number): TemporaryMedia | undefined {
    const media = this.temporary.get(mediaId);
    return media && now - media.createdAt < MEDIA_TTL_SEC ? media : undefined;
  }

  putImage(name: string, image: UploadedFile): void {
    this.images.set(name, image);
  }

  image(name: string): UploadedFile | undefined {
    return this.images.get(name);
  }
}
