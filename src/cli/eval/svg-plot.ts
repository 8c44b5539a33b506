/** A small line chart as standalone SVG text (no plotting library): x and y both in [0, 1]. */

export interface Series {
  name: string;
  color: string;
  x: readonly number[];
  y: readonly number[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const r1 = (v: number) => Math.round(v * 10) / 10;

export function lineChartSvg(title: string, xLabel: string, yLabel: string, series: readonly Series[]): string {
  const W = 520, H = 360, L = 60, R = 150, T = 40, B = 50;
  const pw = W - L - R, ph = H - T - B;
  const px = (x: number) => r1(L + x * pw);
  const py = (y: number) => r1(T + (1 - y) * ph);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${esc(title)}</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const v = i / 5;
    parts.push(
      `<line x1="${px(0)}" y1="${py(v)}" x2="${px(1)}" y2="${py(v)}" stroke="#ddd"/>`,
      `<line x1="${px(v)}" y1="${py(0)}" x2="${px(v)}" y2="${py(1)}" stroke="#ddd"/>`,
      `<text x="${px(0) - 6}" y="${py(v) + 4}" text-anchor="end">${v.toFixed(1)}</text>`,
      `<text x="${px(v)}" y="${py(0) + 16}" text-anchor="middle">${v.toFixed(1)}</text>`,
    );
  }
  parts.push(
    `<rect x="${px(0)}" y="${py(1)}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`,
    `<text x="${px(0.5)}" y="${H - 12}" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text transform="translate(16 ${py(0.5)}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const pts = s.x.map((x, j) => `${px(x)},${py(s.y[j])}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts}"/>`);
    for (let j = 0; j < s.x.length; j++) parts.push(`<circle cx="${px(s.x[j])}" cy="${py(s.y[j])}" r="2.5" fill="${s.color}"/>`);
    const ly = T + 14 + i * 20;
    parts.push(
      `<line x1="${W - R + 14}" y1="${ly - 4}" x2="${W - R + 34}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"/>`,
      `<text x="${W - R + 40}" y="${ly}">${esc(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
