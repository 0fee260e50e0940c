import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CallbackError, CallbackErrorCode } from './callback-error';

/** WeCom callbacks are a few KB; 256 KiB leaves room for long group member lists and stops memory abuse. */
export const DEFAULT_MAX_XML_BYTES = 256 * 1024;

/** A parsed element: text, a nested element, or a list when the element repeats. */
export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

// One parser for every document: the options never change and construction is not free.
const parser = new XMLParser({
  ignoreAttributes: true,
  // Keep every value a string: MsgId is 64-bit and would lose digits as a number; the event model converts.
  parseTagValue: false,
  // Trims whitespace outside CDATA only, so CDATA content (a user's message) is kept byte for byte.
  trimValues: true,
  // Decodes numeric character references too (&#20013;), which WeCom may use outside CDATA.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
});

export interface ParseXmlOptions {
  /** Larger documents are rejected before parsing. Default {@link DEFAULT_MAX_XML_BYTES}. */
  readonly maxBytes?: number;
}

/**
 * Parses a WeCom XML document strictly and returns the children of its single `<xml>` root.
 * Rejects: oversized input, DOCTYPE/ENTITY declarations (entity expansion), malformed XML, more than one root,
 * or a root other than `<xml>`.
 */
export function parseWeComXml(xml: string, options: ParseXmlOptions = {}): XmlObject {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  // String length is a cheap lower bound of the byte length; check it first so a huge string costs nothing.
  if (xml.length > maxBytes || Buffer.byteLength(xml, 'utf8') > maxBytes) {
    throw new CallbackError(CallbackErrorCode.PayloadTooLarge, `XML larger than ${maxBytes} bytes`);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new CallbackError(CallbackErrorCode.XmlInvalid, 'DOCTYPE and ENTITY declarations are not accepted');
  }
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    throw new CallbackError(
      CallbackErrorCode.XmlInvalid,
      `malformed XML: ${validation.err.msg} (line ${validation.err.line}, column ${validation.err.col})`,
    );
  }

  let document: unknown;
  try {
    document = parser.parse(xml);
  } catch (cause) {
    // fast-xml-parser throws on names such as __proto__ (prototype pollution guard) and on odd constructs.
    throw new CallbackError(CallbackErrorCode.XmlInvalid, 'XML could not be parsed', { cause });
  }
  if (!isXmlObject(document)) {
    throw new CallbackError(CallbackErrorCode.XmlInvalid, 'XML has no root element');
  }
  const roots = Object.keys(document);
  const root = document.xml;
  if (roots.length !== 1 || root === undefined) {
    throw new CallbackError(CallbackErrorCode.XmlInvalid, 'XML must have exactly one root element <xml>');
  }
  // `<xml></xml>` parses as an empty string: an empty document, which callers reject by missing fields.
  if (root === '') return {};
  if (!isXmlObject(root)) {
    throw new CallbackError(CallbackErrorCode.XmlInvalid, '<xml> must contain elements');
  }
  return root;
}

export function isXmlObject(value: unknown): value is XmlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Wraps text in CDATA; a `]]>` inside is split across two sections, the standard escape. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** Builds `<xml>` from ordered fields; strings go into CDATA, numbers are written bare as WeCom does. */
export function buildWeComXml(fields: ReadonlyArray<readonly [string, string | number]>): string {
  const body = fields
    .map(([name, value]) => {
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
        throw new CallbackError(CallbackErrorCode.XmlBuildFailed, `invalid element name ${name}`);
      }
      if (typeof value === 'number' && !Number.isSafeInteger(value)) {
        throw new CallbackError(CallbackErrorCode.XmlBuildFailed, `${name} must be an integer`);
      }
      const text = typeof value === 'number' ? String(value) : cdata(value);
      return `<${name}>${text}</${name}>`;
    })
    .join('');
  return `<xml>${body}</xml>`;
}
