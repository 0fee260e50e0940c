/**
 * A tiny XML writer for WeCom's flat event documents. Strings go in CDATA, numbers bare — the way WeCom
 * writes CreateTime and friends — and lists become repeated <Item> elements.
 */
export type XmlNode = string | number | { items: string[]; itemTag?: string };
export type XmlField = readonly [name: string, value: XmlNode];

function cdata(s: string): string {
  // A literal "]]>" cannot live inside one CDATA section: split it across two.
  return `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function node(value: XmlNode): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return cdata(value);
  const tag = value.itemTag ?? 'Item';
  return value.items.map((item) => `<${tag}>${cdata(item)}</${tag}>`).join('');
}

export function buildXml(fields: readonly XmlField[]): string {
  return `<xml>${fields.map(([name, value]) => `<${name}>${node(value)}</${name}>`).join('')}</xml>`;
}
