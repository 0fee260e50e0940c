import { ArchiveFormatError } from './archive-errors.js';
import type { EncryptedChatItem } from './chat-data.js';
import { fromWireError, toWireError } from './error-codec.js';
import type { FinanceSdkLibrary } from './finance-sdk-binding.js';
import type { DecryptedChatItem, WireDecryptedItem } from './host-protocol.js';
import type { ArchiveKeyRing } from './rsa.js';

/**
 * protocol.md §7.2 for one item: RSA-decrypt the random key with the key of its version, then DecryptData.
 * A failure is reported per item, so one bad message does not hide the rest of the page. The JSON stays text
 * until it reaches the server process (parseDecryptedItem): a string crosses two thread/process boundaries for
 * a copy, a parsed object is serialised and rebuilt at each.
 */
export function decryptItem(
  keys: ArchiveKeyRing,
  sdk: FinanceSdkLibrary,
  item: EncryptedChatItem,
): WireDecryptedItem {
  const head = { seq: item.seq, msgid: item.msgid, publickeyVer: item.publickeyVer };
  try {
    const randomKey = keys.decryptRandomKey(item.publickeyVer, item.encryptRandomKey);
    return { ...head, ok: true, text: sdk.decryptData(randomKey, item.encryptChatMsg) };
  } catch (err) {
    return { ...head, ok: false, error: toWireError(err) };
  }
}

/** The wire form of an item → the message JSON, or the reason it cannot be archived. */
export function parseDecryptedItem(item: WireDecryptedItem): DecryptedChatItem {
  const head = { seq: item.seq, msgid: item.msgid, publickeyVer: item.publickeyVer };
  if (!item.ok) return { ...head, ok: false, error: fromWireError(item.error) };
  try {
    return { ...head, ok: true, message: parseMessage(item.text), text: item.text };
  } catch (err) {
    return { ...head, ok: false, error: err as Error };
  }
}

function parseMessage(text: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Never rethrow JSON.parse's own message: it quotes the (private) text.
    throw new ArchiveFormatError('decrypted message is not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ArchiveFormatError('decrypted message is not a JSON object');
  }
  return json as Record<string, unknown>;
}
