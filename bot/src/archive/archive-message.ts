/** What a conversation-archive message becomes after decryption and normalisation (protocol.md §7.3). */

export type ArchiveAction = 'send' | 'recall' | 'switch';

export interface NormalizedArchiveMessage {
  msgid: string;
  /** GetChatData's seq, a uint64 as a decimal string. */
  seq: string;
  action: ArchiveAction;
  /** userid of a member, external_userid of a customer or robot; for a switch log, the member who switched. */
  from: string;
  tolist: string[];
  /** Null for a one-to-one chat (WeCom sends ''). */
  roomid: string | null;
  msgtime: Date;
  /** WeCom's msgtype; `switch` for a switch log (which has none). */
  msgtype: string;
  /** The words to index for search: text, titles, file names, addresses… '' when a type has none. */
  searchText: string;
  /** For a recall (`revoke`), the msgid of the recalled message. */
  recallOf: string | null;
  sdkFileId: string | null;
  md5: string | null;
  fileSize: number | null;
  /** The type's own object (`text`, `image`, `info`…), kept for rendering. */
  content: Record<string, unknown> | null;
  /** The whole decrypted JSON, for msgtypes Keeper does not know (rendered generically). */
  raw: Record<string, unknown> | null;
  /**
   * The decrypted JSON text exactly as WeCom sent it: what the archive keeps, every field included, so a record
   * never depends on what this version of Keeper understood. Everything above can be derived from it again.
   */
  source: string;
}
