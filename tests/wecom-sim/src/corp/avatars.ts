/** Whose picture an avatar path shows. */
export type AvatarKind = 'staff' | 'customers';

const PREFIX = '/avatars';

/** The path the simulator serves a person's avatar under (WeCom's own avatars live on its CDNs). */
export function avatarPath(kind: AvatarKind, id: string): string {
  return `${PREFIX}/${kind}/${encodeURIComponent(id)}.svg`;
}

export function parseAvatarPath(path: string): { kind: AvatarKind; id: string } | undefined {
  const match = /^\/avatars\/(staff|customers)\/([^/]+)\.svg$/.exec(path);
  if (!match) return undefined;
  try {
    return { kind: match[1] as AvatarKind, id: decodeURIComponent(match[2]!) };
  } catch {
    return undefined;
  }
}

const COLOURS = ['#5b8ff9', '#5ad8a6', '#f6bd16', '#e8684a', '#6dc8ec', '#9270ca', '#ff9d4d', '#269a99'];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A square picture with the first character of the name on a colour chosen by the id, like a default avatar. */
export function avatarSvg(id: string, name: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const colour = COLOURS[hash % COLOURS.length]!;
  const initial = escapeXml(Array.from(name)[0] ?? '?');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">` +
    `<rect width="100" height="100" fill="${colour}"/>` +
    `<text x="50" y="50" dy=".35em" text-anchor="middle" font-size="48" fill="#fff" ` +
    `font-family="PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif">${initial}</text></svg>`
  );
}
