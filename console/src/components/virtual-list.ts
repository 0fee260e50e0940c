/** What a page may ask of a `VirtualList` it holds through a template ref. */
export interface VirtualListHandle {
  /** Scrolls a row into view and keeps it there while heights settle, until the user scrolls. */
  scrollToKey(key: string, align?: 'start' | 'center' | 'end'): void;
  scrollToEnd(): void;
  /** Whether the last row is in view (within the edge threshold): new rows should then stay in view. */
  isAtEnd(): boolean;
}
