import {
  BROADCAST_ATTACHMENTS_MAX,
  BROADCAST_TEXT_MAX_BYTES,
  utf8Bytes,
  type BroadcastContent,
  type ContentIssue,
  type Material,
} from '@keeper/shared';
import type { AuditRulesService, ContentHit, ContentScreen } from '../audit/audit-rules.service';
import type { MaterialsService } from '../materials/materials.service';
import type { ContentChecker } from './ports';

/** What the check needs of a material: the live ones found for the content's ids. */
export type ContentMaterial = Pick<Material, 'id' | 'kind' | 'title' | 'description'>;

/** Characters of context on each side of a rule's hit in the excerpt. */
const CONTEXT = 20;
/** Seven digits or more, possibly grouped by spaces or dashes: phone and card numbers. */
const LONG_NUMBER = /\d(?:[ -]?\d){6,}/g;

/**
 * What is wrong with a campaign's content before it goes to WeCom: nothing to send, a text over 4,000 bytes,
 * more than 9 attachments, a material that is unknown or deleted (`materials` are the live ones found), and
 * what the audit rules find in the text and in the titles and descriptions customers see on link and
 * mini-program cards. A rule hit blocks when the rule is of high severity, and a bank card number always does;
 * the others are warnings the marketer sees. Excerpts show long numbers masked.
 */
export function checkContent(
  content: BroadcastContent,
  materials: readonly ContentMaterial[],
  rules: ContentScreen,
): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const text = content.text ?? '';
  if (!text.trim() && content.materialIds.length === 0) issues.push(problem('empty'));
  if (utf8Bytes(text) > BROADCAST_TEXT_MAX_BYTES) issues.push(problem('text_too_long'));
  if (content.materialIds.length > BROADCAST_ATTACHMENTS_MAX) issues.push(problem('too_many_attachments'));

  const found = new Map(materials.map((material) => [material.id, material]));
  for (const id of new Set(content.materialIds)) {
    if (!found.has(id)) issues.push({ ...problem('material_missing'), excerpt: id });
  }

  const seen = new Set<string>();
  for (const shown of shownTexts(text, content.materialIds, found)) {
    for (const hit of rules.screen(shown)) {
      const issue = ruleIssue(hit, shown);
      const key = `${issue.rule}\n${issue.excerpt}`;
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

/** Every text the customer reads: the message, and the titles and descriptions of its cards. */
function shownTexts(
  text: string,
  materialIds: readonly string[],
  found: ReadonlyMap<string, ContentMaterial>,
): string[] {
  const texts = text.trim() ? [text] : [];
  for (const id of materialIds) {
    const material = found.get(id);
    if (material?.kind !== 'link' && material?.kind !== 'miniprogram') continue;
    texts.push(material.title);
    if (material.kind === 'link' && material.description) texts.push(material.description);
  }
  return texts;
}

function ruleIssue(hit: ContentHit, text: string): ContentIssue {
  return {
    code: 'audit_rule',
    blocking: hit.builtinKey === 'bank_card' || hit.severity === 'high',
    rule: hit.name,
    excerpt: excerptAround(text, hit.matched[0] ?? ''),
  };
}

function problem(code: ContentIssue['code']): ContentIssue {
  return { code, blocking: true, rule: null, excerpt: null };
}

/**
 * The hit with some text around it, numbers masked before the cut (masking keeps every character's place), so
 * no number cut short at the edge shows more digits than a whole one would.
 */
function excerptAround(text: string, value: string): string {
  const at = Math.max(0, text.toLowerCase().indexOf(value.toLowerCase()));
  const start = Math.max(0, at - CONTEXT);
  const end = Math.min(text.length, at + value.length + CONTEXT);
  return `${start > 0 ? '…' : ''}${maskNumbers(text).slice(start, end)}${end < text.length ? '…' : ''}`;
}

/** 13812345678 → 138****5678, 6222 0212 3456 7890 → 6222 **** **** 7890: enough to recognise, not to use. */
export function maskNumbers(text: string): string {
  return text.replace(LONG_NUMBER, (run) => {
    const digits = run.replace(/\D/g, '').length;
    const head = digits >= 16 ? 4 : 3;
    let seen = 0;
    return run.replace(/\d/g, (digit) => {
      seen += 1;
      return seen <= head || seen > digits - 4 ? digit : '*';
    });
  });
}

/** The content check as the campaigns use it: the live materials and the audit rules of the moment. */
export class CampaignContentCheck implements ContentChecker {
  constructor(
    private readonly materials: Pick<MaterialsService, 'forContent'>,
    private readonly rules: Pick<AuditRulesService, 'contentScreen'>,
  ) {}

  async check(content: BroadcastContent): Promise<ContentIssue[]> {
    const [materials, screen] = await Promise.all([
      this.materials.forContent(content.materialIds),
      this.rules.contentScreen(),
    ]);
    return checkContent(content, materials, screen);
  }
}
