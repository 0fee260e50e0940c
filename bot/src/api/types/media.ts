import type { WeComReply } from '../wecom-http';

/** `type` of POST /cgi-bin/media/upload: what the media_id may then be used as. */
export type MediaType = 'image' | 'voice' | 'video' | 'file';

/** A file to upload: its name is what WeCom shows (for files) and how it tells the format. */
export interface MediaFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly data: Uint8Array;
}

/** POST /cgi-bin/media/upload: a temporary media_id, valid three days from `created_at` (seconds, as a string). */
export interface UploadMediaReply extends WeComReply {
  readonly type: MediaType;
  readonly media_id: string;
  readonly created_at: string;
}

/** POST /cgi-bin/media/uploadimg: a permanent URL, shown only inside WeCom. */
export interface UploadImageReply extends WeComReply {
  readonly url: string;
}
