import type { ComposeOption } from 'echarts/core';
import type { SankeySeriesOption } from 'echarts/charts';
import type { TooltipComponentOption } from 'echarts/components';
import type { Funnel } from '@keeper/shared';
import { translate } from '@/locales';
import { funnelSummary } from '../../labels';

/** The options of exactly the chart parts `FunnelChart.vue` registers (types only: no echarts code here). */
export type FunnelChartOption = ComposeOption<SankeySeriesOption | TooltipComponentOption>;

interface Flow {
  source: string;
  target: string;
  value: number;
}

/**
 * The funnel as a flow: the audience splits into the excluded (then by reason), those still queued and those
 * submitted; the submitted split into what became of them. Only flows with someone in them are drawn, so each
 * band's width is its share, and the numbers on the nodes add up as the funnel does. Null when nobody is in it.
 */
/** Each node's colour says how it went: green sent, amber still open, red lost, grey left out. */
const NODE_COLOURS: Record<string, string> = {
  audience: '#409eff',
  excluded: '#a8abb2',
  queued: '#b1b3b8',
  submitted: '#79bbff',
  sent: '#67c23a',
  pending: '#e6a23c',
  notFriend: '#f56c6c',
  limitReached: '#f89898',
  unsendable: '#c45656',
  failed: '#c45656',
};
const REASON_COLOUR = '#c8c9cc';

export function funnelChartOption(funnel: Funnel): FunnelChartOption | null {
  if (funnel.audience <= 0) return null;
  const summary = funnelSummary(funnel);
  const audience = translate('marketing.funnel.audience');
  const excluded = translate('marketing.funnel.excluded');
  const queued = translate('recipientState.queued');
  const submitted = translate('marketing.funnel.submitted');
  const colours = new Map<string, string>([
    [audience, NODE_COLOURS.audience!],
    [excluded, NODE_COLOURS.excluded!],
    [queued, NODE_COLOURS.queued!],
    [submitted, NODE_COLOURS.submitted!],
    ...summary.reasons.map((part) => [translate(part.label), REASON_COLOUR] as const),
    ...summary.outcomes.map(
      (part) => [translate(part.label), NODE_COLOURS[part.key] ?? REASON_COLOUR] as const,
    ),
  ]);

  const flows: Flow[] = [
    { source: audience, target: excluded, value: summary.excluded },
    { source: audience, target: queued, value: summary.queued },
    { source: audience, target: submitted, value: summary.submitted },
    ...summary.reasons.map((part) => ({
      source: excluded,
      target: translate(part.label),
      value: part.count,
    })),
    ...summary.outcomes.map((part) => ({
      source: submitted,
      target: translate(part.label),
      value: part.count,
    })),
  ].filter((flow) => flow.value > 0);
  const names = [...new Set(flows.flatMap((flow) => [flow.source, flow.target]))];

  return {
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 230,
        top: 12,
        bottom: 12,
        nodeGap: 18,
        // Keep the order the funnel lists them in rather than one echarts finds prettier.
        layoutIterations: 0,
        draggable: false,
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'gradient', curveness: 0.5, opacity: 0.35 },
        label: { formatter: '{b}  {c}' },
        data: names.map((name) => ({ name, itemStyle: { color: colours.get(name) ?? REASON_COLOUR } })),
        links: flows,
      },
    ],
  };
}
