type Json = Record<string, unknown>;

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

/** chatrecord and mixed items carry their content as a JSON string. */
function parseEmbedded(value: unknown): Json {
  if (typeof value !== 'string') return obj(value);
  try {
    return obj(JSON.parse(value));
  } catch {
    return { content: value };
  }
}

/** Text fields worth indexing, by msgtype, from the type's own object. */
const extractors: Record<string, (c: Json) => string[]> = {
  text: (c) => [str(c.content)],
  link: (c) => [str(c.title), str(c.description)],
  file: (c) => [str(c.filename)],
  card: (c) => [str(c.corpname)],
  location: (c) => [str(c.title), str(c.address)],
  weapp: (c) => [str(c.title), str(c.description), str(c.displayname)],
  chatrecord: (c) => [str(c.title), ...list(c.item).flatMap((i) => embeddedText(str(i.type), i.content))],
  todo: (c) => [str(c.title), str(c.content)],
  redpacket: (c) => [str(c.wish)],
  external_redpacket: (c) => [str(c.wish)],
  meeting: (c) => [str(c.topic), str(c.address), str(c.remarks)],
  docmsg: (c) => [str(c.title)],
  markdown: (c) => [str(c.content)],
  news: (c) => list(c.item).flatMap((i) => [str(i.title), str(i.description)]),
  calendar: (c) => [str(c.title), str(c.place), str(c.remarks)],
  mixed: (c) => list(c.item).flatMap((i) => embeddedText(str(i.type), i.content)),
  vote: (c) => [str(c.votetitle), ...(Array.isArray(c.voteitem) ? c.voteitem.map(str) : [])],
  collect: (c) => [str(c.room_name), str(c.title)],
  sphfeed: (c) => [str(c.feed_desc), str(c.sph_name)],
};

/**
 * chatrecord item types are `ChatRecordText`, `ChatRecordFile`…; mixed item types are plain msgtypes. Either way
 * the embedded object has the shape of that msgtype's object.
 */
function embeddedText(type: string, content: unknown): string[] {
  const msgtype = type.replace(/^ChatRecord/, '').toLowerCase();
  const parsed = parseEmbedded(content);
  const extract = extractors[msgtype];
  return extract ? extract(parsed) : [str(parsed.content), str(parsed.title)];
}

/** The text to index for a message: its words joined by single spaces. */
export function searchTextOf(msgtype: string, content: Json): string {
  const parts = extractors[msgtype]?.(content) ?? [];
  return parts
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '')
    .join(' ');
}
