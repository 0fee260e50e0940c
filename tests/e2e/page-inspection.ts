/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Page } from 'playwright-core';

/**
 * Latin words a Chinese page may show: names of products and things WeCom's own Chinese admin console calls
 * by these names (Secret, AgentId, Token), and units. Anything else in Latin letters is untranslated text.
 */
export const PROPER_NAMES = new Set([
  'Keeper',
  'SCRM',
  'ID',
  'IP',
  'URL',
  'API',
  /** WeCom's own Chinese documentation says 会话内容存档 SDK. */
  'SDK',
  'Secret',
  'Token',
  'EncodingAESKey',
  'AgentId',
  'CorpID',
  'UnionID',
  'access_token',
  'errcode',
  'SQLite',
  'MariaDB',
  'MySQL',
  'Redis',
  'Node',
  'js',
  'KB',
  'MB',
  'GB',
  /** File formats and the names WeCom's own Chinese pages use for them (素材库, 群发). */
  'JPG',
  'PNG',
  'MP4',
  'AppID',
  'Excel',
  'Markdown',
]);

/** File names the set-up texts mention. */
const PROPER_PHRASES = ['.env.example', '.env', 'http://', 'https://'];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An environment variable (`WECOM_CONTACT_SECRET`) is a name to type, not a word to translate. */
const ENV_VARIABLE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

export interface PageProblems {
  /** Message keys shown as they are (`accessActions.users.list`). */
  rawKeys: string[];
  /** Latin words outside the proper names, with the text they stand in. */
  englishWords: string[];
  /** Table headers whose text does not fit their cell (`状` for 状态). */
  clippedHeaders: string[];
  /** Table headers out of view although the table is not scrolled: past its edge or under a fixed column. */
  coveredHeaders: string[];
  /** Pictures that did not load. */
  brokenImages: string[];
}

interface Collected {
  texts: string[];
  clippedHeaders: string[];
  coveredHeaders: string[];
  brokenImages: string[];
}

/**
 * What a reader sees on the page that is not finished: untranslated text, cut or covered headers, broken
 * pictures. Values marked as machine values (`.mono`, `translate="no"`: ids, codes, addresses) are not text.
 */
export async function findProblems(
  page: Page,
  /** What people typed or WeCom sent (names, remarks, chat text): data, shown as it is in any language. */
  dataValues: readonly string[],
): Promise<PageProblems> {
  const collected = await page.evaluate((): Collected => {
    const visible = (element: Element) =>
      element.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
      element.getBoundingClientRect().width > 0;
    const machineValue = (element: Element) => element.closest('.mono, [translate="no"], script, style, svg');

    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim();
      if (!parent || !text || machineValue(parent) || !visible(parent)) continue;
      texts.push(text);
    }
    for (const field of document.querySelectorAll<HTMLInputElement>(
      'input[placeholder], textarea[placeholder]',
    )) {
      if (visible(field) && !machineValue(field)) texts.push(field.placeholder);
    }

    const clippedHeaders: string[] = [];
    const coveredHeaders: string[] = [];
    for (const table of document.querySelectorAll('.el-table')) {
      if (!visible(table)) continue;
      for (const cell of table.querySelectorAll<HTMLElement>('.el-table__header-wrapper th .cell')) {
        const text = cell.textContent?.trim() ?? '';
        if (!text || !visible(cell)) continue;
        // The text's own width, not the cell's: a cut header ends in an ellipsis or is wrapped away.
        const range = document.createRange();
        range.selectNodeContents(cell);
        const textWidth = Math.max(...[...range.getClientRects()].map((rect) => rect.width), 0);
        const lines = range.getClientRects().length;
        if (cell.scrollWidth > cell.clientWidth + 1 || textWidth > cell.clientWidth + 1 || lines > 1)
          clippedHeaders.push(text);
      }
      // Unscrolled, every header must be in view: not beyond the table's right edge, not under a fixed column.
      const scroller = table.querySelector<HTMLElement>('.el-table__body-wrapper .el-scrollbar__wrap');
      if (scroller && scroller.scrollLeft > 0) continue;
      const header = table.querySelector<HTMLElement>('.el-table__header-wrapper');
      const fixedRight = [
        ...table.querySelectorAll<HTMLElement>('.el-table__header-wrapper th.el-table-fixed-column--right'),
      ];
      const visibleRight = Math.min(
        header?.getBoundingClientRect().right ?? Infinity,
        ...fixedRight.map((cell) => cell.getBoundingClientRect().left),
      );
      for (const cell of table.querySelectorAll<HTMLElement>(
        '.el-table__header-wrapper th:not(.el-table-fixed-column--right):not(.el-table-fixed-column--left)',
      )) {
        const rect = cell.getBoundingClientRect();
        if (rect.width > 0 && rect.right > visibleRight + 1)
          coveredHeaders.push(`${cell.textContent?.trim() ?? ''} (table ${table.clientWidth}px)`);
      }
    }

    const brokenImages = [...document.images]
      .filter((image) => visible(image) && image.complete && image.naturalWidth === 0)
      .map((image) => image.src);
    return { texts, clippedHeaders, coveredHeaders, brokenImages };
  });

  const latinData = dataValues.filter((value) => /[A-Za-z]/.test(value)).sort((a, b) => b.length - a.length);
  const withoutData = (text: string) =>
    latinData.reduce(
      (rest, value) =>
        rest.includes(value)
          ? rest.replace(new RegExp(`(?<![A-Za-z0-9_])${escapeRegExp(value)}(?![A-Za-z0-9_])`, 'g'), ' ')
          : rest,
      text,
    );
  // vue-i18n shows a key it cannot find as the key itself: `accessActions.users.list`.
  const rawKeys = collected.texts.flatMap(
    (text) =>
      withoutData(text).match(/(?<![\w.])[a-z][A-Za-z0-9]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+(?![\w.])/g) ?? [],
  );
  const englishWords = collected.texts.flatMap((text) =>
    (
      withoutData(PROPER_PHRASES.reduce((rest, phrase) => rest.replaceAll(phrase, ' '), text)).match(
        /[A-Za-z][A-Za-z_]*/g,
      ) ?? []
    )
      .filter((word) => !PROPER_NAMES.has(word) && !ENV_VARIABLE.test(word))
      .map((word) => `${word} in "${text.slice(0, 80)}"`),
  );
  return {
    rawKeys: [...new Set(rawKeys)],
    englishWords: [...new Set(englishWords)],
    clippedHeaders: collected.clippedHeaders,
    coveredHeaders: collected.coveredHeaders,
    brokenImages: collected.brokenImages,
  };
}
