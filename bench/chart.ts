/**
 * The benchmark's chart, drawn as SVG by hand (no browser, no plotting package): two panels side by
 * side, per contract query,
 * - left: p50 latency at concurrency 1 beside the critical-path lower bound, with the 1.2× target;
 * - right: upstream requests of this server, the computed minimum and the naive build (log scale).
 */

export interface ChartCase {
  name: string;
  lowerBoundMs: number;
  p50Ms: number;
  serverRequests: number;
  minimumRequests: number;
  naiveRequests: number | null;
}

export interface ChartOptions {
  title: string;
  /** p50 ÷ bound allowed (drawn as a dashed mark per query). */
  latencyTarget: number;
}

const WIDTH = 1200;
const HEIGHT = 520;
const PANEL_WIDTH = 560;
const PANEL_TOP = 104;
const PANEL_HEIGHT = 330;
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

const COLORS = {
  bound: '#b8bec6',
  p50: '#2f6db5',
  target: '#c0392b',
  server: '#2f6db5',
  minimum: '#7a8591',
  naive: '#e08a2c',
  axis: '#444',
  grid: '#e3e6ea',
};

/** Value labels get a white halo, so a grid or target line behind them does not cross the digits. */
const HALO = 'stroke="#fff" stroke-width="3" paint-order="stroke"';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${FONT} ${attrs}>${escape(content)}</text>`;
}

function rect(x: number, y: number, w: number, h: number, fill: string, attrs = ''): string {
  return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0, w).toFixed(1)}" height="${Math.max(0, h).toFixed(1)}" fill="${fill}" ${attrs}/>`;
}

/** A round step for about five linear ticks up to `max`. */
function niceStep(max: number): number {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

function legend(x: number, y: number, items: [string, string][]): string {
  let at = x;
  return items
    .map(([label, color]) => {
      const part = `${rect(at, y - 10, 12, 12, color)}${text(at + 17, y, label, 'font-size="12" fill="#333"')}`;
      at += 30 + label.length * 6.4;
      return part;
    })
    .join('');
}

function latencyPanel(x0: number, cases: ChartCase[], target: number): string {
  const parts: string[] = [];
  const max = Math.max(1, ...cases.flatMap((c) => [c.p50Ms, c.lowerBoundMs * target])) * 1.12;
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const y = (v: number) => PANEL_TOP + PANEL_HEIGHT - (v / top) * PANEL_HEIGHT;
  parts.push(text(x0, PANEL_TOP - 50, 'p50 latency at concurrency 1 vs critical-path lower bound', 'font-size="15" font-weight="bold" fill="#222"'));
  parts.push(legend(x0, PANEL_TOP - 27, [['lower bound', COLORS.bound], ['p50', COLORS.p50], [`${target}× bound (target)`, COLORS.target]]));
  for (let v = 0; v <= top + 1e-9; v += step) {
    parts.push(`<line x1="${x0 + 50}" x2="${x0 + PANEL_WIDTH}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${COLORS.grid}"/>`);
    parts.push(text(x0 + 44, y(v) + 4, `${Math.round(v)}`, 'font-size="11" fill="#555" text-anchor="end"'));
  }
  parts.push(text(x0 + 44, PANEL_TOP - 9, 'ms', 'font-size="11" fill="#555" text-anchor="end"'));
  const slot = (PANEL_WIDTH - 60) / cases.length;
  cases.forEach((c, i) => {
    const left = x0 + 60 + i * slot;
    const bar = slot * 0.3;
    const bx = left + slot * 0.15;
    parts.push(rect(bx, y(c.lowerBoundMs), bar, y(0) - y(c.lowerBoundMs), COLORS.bound));
    parts.push(rect(bx + bar + 4, y(c.p50Ms), bar, y(0) - y(c.p50Ms), COLORS.p50));
    const limit = y(c.lowerBoundMs * target);
    parts.push(`<line x1="${(bx - 4).toFixed(1)}" x2="${(bx + 2 * bar + 8).toFixed(1)}" y1="${limit.toFixed(1)}" y2="${limit.toFixed(1)}" stroke="${COLORS.target}" stroke-width="2" stroke-dasharray="5 3"/>`);
    // The bound's value inside its bar (the target line sits just above it), p50's above its own.
    const inside = y(0) - y(c.lowerBoundMs) > 20;
    parts.push(text(bx + bar / 2, inside ? y(c.lowerBoundMs) + 14 : y(c.lowerBoundMs) - 4, `${Math.round(c.lowerBoundMs)}`, `font-size="11" fill="${inside ? '#222' : '#333'}" text-anchor="middle"${inside ? '' : ` ${HALO}`}`));
    parts.push(text(bx + bar * 1.5 + 4, y(c.p50Ms) - 4, `${Math.round(c.p50Ms)}`, `font-size="11" fill="#333" text-anchor="middle" ${HALO}`));
    parts.push(text(left + slot / 2, y(0) + 18, c.name, 'font-size="11.5" fill="#222" text-anchor="middle"'));
    parts.push(text(left + slot / 2, y(0) + 34, `${(c.p50Ms / c.lowerBoundMs).toFixed(2)}× bound`, 'font-size="11" fill="#555" text-anchor="middle"'));
  });
  parts.push(`<line x1="${x0 + 50}" x2="${x0 + PANEL_WIDTH}" y1="${y(0)}" y2="${y(0)}" stroke="${COLORS.axis}"/>`);
  return parts.join('\n');
}

function requestsPanel(x0: number, cases: ChartCase[]): string {
  const parts: string[] = [];
  const max = Math.max(10, ...cases.flatMap((c) => [c.serverRequests, c.minimumRequests, c.naiveRequests ?? 0]));
  const decades = Math.ceil(Math.log10(max * 1.5));
  const y = (v: number) => PANEL_TOP + PANEL_HEIGHT - (Math.log10(Math.max(1, v)) / decades) * PANEL_HEIGHT;
  parts.push(text(x0, PANEL_TOP - 50, 'Upstream requests per query (log scale, cache off)', 'font-size="15" font-weight="bold" fill="#222"'));
  parts.push(legend(x0, PANEL_TOP - 27, [['this server', COLORS.server], ['computed minimum', COLORS.minimum], ['naive (DataLoader off)', COLORS.naive]]));
  for (let d = 0; d <= decades; d++) {
    const v = 10 ** d;
    parts.push(`<line x1="${x0 + 50}" x2="${x0 + PANEL_WIDTH}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${COLORS.grid}"/>`);
    parts.push(text(x0 + 44, y(v) + 4, v.toLocaleString('en-US'), 'font-size="11" fill="#555" text-anchor="end"'));
  }
  const slot = (PANEL_WIDTH - 60) / cases.length;
  cases.forEach((c, i) => {
    const left = x0 + 60 + i * slot;
    const bar = slot * 0.24;
    const bars: [number | null, string][] = [
      [c.serverRequests, COLORS.server],
      [c.minimumRequests, COLORS.minimum],
      [c.naiveRequests, COLORS.naive],
    ];
    bars.forEach(([value, color], j) => {
      const bx = left + slot * 0.1 + j * (bar + 3);
      if (value === null) return;
      parts.push(rect(bx, y(value), bar, y(1) - y(value), color));
      parts.push(text(bx + bar / 2, y(value) - 4, value.toLocaleString('en-US'), `font-size="10.5" fill="#333" text-anchor="middle" ${HALO}`));
    });
    parts.push(text(left + slot / 2, y(1) + 18, c.name, 'font-size="11.5" fill="#222" text-anchor="middle"'));
    if (c.naiveRequests !== null) {
      parts.push(text(left + slot / 2, y(1) + 34, `naive ${(c.naiveRequests / c.serverRequests).toFixed(1)}×`, 'font-size="11" fill="#555" text-anchor="middle"'));
    }
  });
  parts.push(`<line x1="${x0 + 50}" x2="${x0 + PANEL_WIDTH}" y1="${y(1)}" y2="${y(1)}" stroke="${COLORS.axis}"/>`);
  return parts.join('\n');
}

export function renderChart(cases: ChartCase[], options: ChartOptions): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`,
    rect(0, 0, WIDTH, HEIGHT, '#ffffff'),
    text(20, 28, options.title, 'font-size="17" font-weight="bold" fill="#111"'),
    latencyPanel(20, cases, options.latencyTarget),
    requestsPanel(WIDTH - PANEL_WIDTH - 20, cases),
    '</svg>',
    '',
  ].join('\n');
}
