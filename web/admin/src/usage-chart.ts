import { h, svg } from './dom.js';
import { type Usage } from './types.js';
import { barHeights, busiestDay, dailyUsage, dayLabel, dayTitle, formatCount, refusalReasons, shortDayLabel, usageSummary, type DayUsage } from './usage-days.js';

const WIDTH = 360;
const HEIGHT = 170;
/** Room for the scale's figures on the left, the day names below, the top figure above. */
const LEFT = 34;
const TOP = 14;
const BOTTOM = 28;
const PLOT = HEIGHT - TOP - BOTTOM;

/**
 * The last 7 days of an integration's calls as bars, one per UTC day, allowed calls with the
 * refused ones stacked on top; inline SVG (no chart library). Each bar has a tooltip (<title>);
 * the chart is one image to assistive technology, named by its one-sentence summary, and the same
 * figures follow in a table only they read.
 */
export function usageChart(usage: Usage, days: readonly string[]): HTMLElement {
  const perDay = dailyUsage(usage.hours, days);
  const summary = usageSummary(perDay);
  const heights = barHeights(perDay, PLOT);
  const busiest = busiestDay(perDay);
  const slot = (WIDTH - LEFT) / perDay.length;
  const barWidth = Math.min(34, slot * 0.62);
  const baseline = TOP + PLOT;

  const bars = perDay.map((day, index) => {
    const bar = heights[index] ?? { allowed: 0, refused: 0 };
    const x = LEFT + index * slot + (slot - barWidth) / 2;
    const round = (value: number): string => value.toFixed(2);
    return svg(
      'g',
      { class: 'usage-day', 'data-day': day.day, 'data-allowed': day.allowed, 'data-refused': day.refused },
      svg('title', {}, dayTitle(day)),
      // An invisible full-height target, so the tooltip shows over a short (or empty) bar too.
      svg('rect', { class: 'usage-hit', x: round(x), y: TOP, width: round(barWidth), height: PLOT }),
      bar.allowed > 0 ? svg('rect', { class: 'usage-allowed', x: round(x), y: round(baseline - bar.allowed), width: round(barWidth), height: round(bar.allowed) }) : null,
      bar.refused > 0
        ? svg('rect', { class: 'usage-refused', x: round(x), y: round(baseline - bar.allowed - bar.refused), width: round(barWidth), height: round(bar.refused) })
        : null,
      svg('text', { class: 'usage-day-label', x: round(x + barWidth / 2), y: HEIGHT - 8, 'text-anchor': 'middle' }, shortDayLabel(day.day)),
    );
  });

  const chart = svg(
    'svg',
    { class: 'usage-svg', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': summary, focusable: 'false' },
    svg('line', { class: 'usage-axis', x1: LEFT, x2: WIDTH, y1: baseline, y2: baseline }),
    busiest > 0 ? svg('line', { class: 'usage-grid', x1: LEFT, x2: WIDTH, y1: TOP, y2: TOP }) : null,
    svg('text', { class: 'usage-scale', x: LEFT - 6, y: baseline + 4, 'text-anchor': 'end' }, '0'),
    busiest > 0 ? svg('text', { class: 'usage-scale', x: LEFT - 6, y: TOP + 4, 'text-anchor': 'end' }, formatCount(busiest)) : null,
    ...bars,
  );

  return h(
    'div',
    { class: 'usage-chart' },
    h('p', { class: 'usage-summary' }, `${summary}.`),
    chart,
    h(
      'p',
      { class: 'usage-legend', 'aria-hidden': 'true' },
      h('span', { class: 'usage-key usage-key-allowed' }, 'Allowed'),
      h('span', { class: 'usage-key usage-key-refused' }, 'Refused'),
      h('span', { class: 'usage-note' }, 'Days in UTC.'),
    ),
    // In a hidden box, not hidden itself: a table is as wide as its content, whatever its width says.
    h('div', { class: 'visually-hidden' }, dayTable(perDay)),
  );
}

/** The chart's figures for screen readers: a row per day. */
function dayTable(perDay: readonly DayUsage[]): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', {}, 'Calls per day (UTC), last 7 days'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col' }, 'Allowed'), h('th', { scope: 'col' }, 'Refused'))),
    h(
      'tbody',
      {},
      ...perDay.map((day) => {
        const reasons = refusalReasons(day.refusedBy);
        return h('tr', {}, h('th', { scope: 'row' }, dayLabel(day.day)), h('td', {}, formatCount(day.allowed)), h('td', {}, formatCount(day.refused), reasons === '' ? '' : ` (${reasons})`));
      }),
    ),
  );
}
