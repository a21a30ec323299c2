/**
 * Generates every sample asset of the project, deterministically (seeded PRNG, no Math.random):
 *
 *   assets/targets/<name>.png   printable poster-like target images (rendered from SVG by sharp)
 *   assets/targets/<name>.json  the meta sidecar of each target (what the target triggers)
 *   assets/targets/README.md    what each target is
 *   assets/content/*.glb        animated glTF models (built with @gltf-transform/core)
 *   assets/content/*.mp4        short promo clips (SVG frames rendered by sharp, piped to ffmpeg;
 *                               ffmpeg is needed only here, on the author's machine: the
 *                               generated files are committed, so a fresh checkout needs none)
 *
 * Usage:  npx tsx scripts/make-assets.ts [targets] [models] [videos] [sounds] [<clip name>…]
 *         (no argument = everything; clip names, e.g. sticker-packed, limit the videos made)
 *
 * Nothing is downloaded: all pictures, meshes, frames and sounds are drawn/generated here.
 * Fonts come from the system (fontconfig): DejaVu, Liberation, URW base35, Droid Sans Fallback.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { Document, NodeIO, type Material, type Mesh, type Node as GNode } from '@gltf-transform/core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_DIR = path.join(ROOT, 'assets', 'targets');
const CONTENT_DIR = path.join(ROOT, 'assets', 'content');

// ---------------------------------------------------------------------------------------------
// Deterministic helpers
// ---------------------------------------------------------------------------------------------

/** mulberry32: tiny, fast, good-enough seeded PRNG. */
class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  range(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  int(a: number, b: number): number {
    return Math.floor(this.range(a, b + 1));
  }
  pick<T>(arr: readonly T[]): T {
    const v = arr[Math.floor(this.next() * arr.length)];
    if (v === undefined) throw new Error('pick from empty array');
    return v;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Fixed-precision number for SVG output (keeps files small and output stable). */
const f = (n: number): string => (Math.round(n * 10) / 10).toString();
const f2 = (n: number): string => (Math.round(n * 100) / 100).toString();

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface TextOpts {
  size: number;
  family?: string;
  weight?: string | number;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
  stroke?: string;
  strokeWidth?: number;
  spacing?: number;
  style?: string;
  transform?: string;
  opacity?: number;
}

function text(x: number, y: number, s: string, o: TextOpts): string {
  const attrs = [
    `x="${f(x)}"`,
    `y="${f(y)}"`,
    `font-family="${o.family ?? 'DejaVu Sans'}"`,
    `font-size="${o.size}"`,
    `font-weight="${o.weight ?? 'normal'}"`,
    `fill="${o.fill ?? '#fff'}"`,
    `text-anchor="${o.anchor ?? 'start'}"`,
  ];
  if (o.stroke) attrs.push(`stroke="${o.stroke}" stroke-width="${o.strokeWidth ?? 1}" paint-order="stroke" stroke-linejoin="round"`);
  if (o.spacing !== undefined) attrs.push(`letter-spacing="${o.spacing}"`);
  if (o.style) attrs.push(`font-style="${o.style}"`);
  if (o.transform) attrs.push(`transform="${o.transform}"`);
  if (o.opacity !== undefined) attrs.push(`opacity="${o.opacity}"`);
  return `<text ${attrs.join(' ')}>${esc(s)}</text>`;
}

function mix(a: [number, number, number], b: [number, number, number], t: number): [number, number, number] {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function rgb(c: [number, number, number]): string {
  const h = (v: number) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, '0');
  return `#${h(c[0])}${h(c[1])}${h(c[2])}`;
}

function svgDoc(w: number, h: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`;
}

/** A small 5-point star path centred on 0,0 with outer radius r. */
function starPath(r: number, points = 5, inner = 0.45): string {
  const pts: string[] = [];
  for (let i = 0; i < points * 2; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / points;
    const rr = i % 2 === 0 ? r : r * inner;
    pts.push(`${f(Math.cos(a) * rr)},${f(Math.sin(a) * rr)}`);
  }
  return `M${pts.join('L')}Z`;
}

/** Random confetti-like shape centred at 0,0 (to be placed with a transform). */
function confetti(rng: Rng, size: number, color: string): string {
  const kind = rng.int(0, 5);
  switch (kind) {
    case 0:
      return `<path d="M0,${f(-size)}L${f(size * 0.87)},${f(size * 0.5)}L${f(-size * 0.87)},${f(size * 0.5)}Z" fill="${color}"/>`;
    case 1:
      return `<rect x="${f(-size / 2)}" y="${f(-size / 4)}" width="${f(size)}" height="${f(size / 2)}" fill="${color}"/>`;
    case 2:
      return `<circle r="${f(size * 0.55)}" fill="none" stroke="${color}" stroke-width="${f(Math.max(2, size / 5))}"/>`;
    case 3:
      return `<path d="M${f(-size)},0l${f(size / 2)},${f(-size / 2)}l${f(size / 2)},${f(size / 2)}l${f(size / 2)},${f(-size / 2)}l${f(size / 2)},${f(size / 2)}" fill="none" stroke="${color}" stroke-width="${f(Math.max(2, size / 5))}" stroke-linejoin="miter"/>`;
    case 4:
      return `<path d="${starPath(size * 0.8)}" fill="${color}"/>`;
    default:
      return `<path d="M${f(-size / 2)},${f(-size / 7)}h${f(size)}v${f((size * 2) / 7)}h${f(-size)}Z M${f(-size / 7)},${f(-size / 2)}h${f((size * 2) / 7)}v${f(size)}h${f((-size * 2) / 7)}Z" fill="${color}"/>`;
  }
}

// ---------------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------------

interface Meta {
  type?: 'model' | 'video';
  url?: string;
  videoUrl?: string;
  scale?: number;
  position?: [number, number, number];
  rotation?: [number, number, number];
  animation?: string;
  loop?: boolean;
  autoplay?: boolean;
  muted?: boolean;
  title?: string;
  link?: string;
  caption?: string;
  audio?: string;
  items?: Record<string, unknown>[];
  alpha?: { mode: 'packed'; layout: 'side-by-side' | 'stacked' } | { mode: 'chroma'; color: string; similarity: number; smoothness: number; spill: number };
  actions?: ({ label: string; url: string } | { label: string; action: 'replay' })[];
}

interface Target {
  name: string;
  width: number;
  height: number;
  title: string;
  description: string;
  svg: () => string;
  meta: Meta;
}

/** 1. Synthwave concert poster, portrait 600x800. */
function neonConcertSvg(): string {
  const W = 600;
  const H = 800;
  const rng = new Rng(0xc0ffee01);
  const out: string[] = [];
  out.push(`<defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0.3" y2="1">
      <stop offset="0" stop-color="#0d0026"/><stop offset="0.45" stop-color="#3b0a6b"/><stop offset="0.7" stop-color="#a0136e"/><stop offset="1" stop-color="#ff2d75"/>
    </linearGradient>
    <linearGradient id="sun" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#fff36b"/><stop offset="0.45" stop-color="#ff9a3d"/><stop offset="1" stop-color="#ff2d95"/>
    </linearGradient>
    <linearGradient id="floor" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#2a0650"/><stop offset="1" stop-color="#12002b"/>
    </linearGradient>
    <linearGradient id="title" x1="0" y1="0" x2="1" y2="0">
      <stop offset="0" stop-color="#3ff4ff"/><stop offset="0.5" stop-color="#ffffff"/><stop offset="1" stop-color="#ff6ad5"/>
    </linearGradient>
    <clipPath id="sunclip"><circle cx="300" cy="390" r="165"/></clipPath>
  </defs>`);
  out.push(`<rect width="${W}" height="${H}" fill="url(#bg)"/>`);

  // stars of various sizes
  for (let i = 0; i < 260; i++) {
    const x = rng.range(0, W);
    const y = rng.range(0, 560);
    const r = rng.chance(0.1) ? rng.range(1.8, 3) : rng.range(0.6, 1.6);
    out.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(r)}" fill="#fff" opacity="${f(rng.range(0.4, 1))}"/>`);
  }
  // a few sparkle stars
  for (let i = 0; i < 14; i++) {
    const x = rng.range(20, W - 20);
    const y = rng.range(20, 540);
    out.push(`<path transform="translate(${f(x)},${f(y)}) rotate(${f(rng.range(0, 45))})" d="${starPath(rng.range(5, 11), 4, 0.25)}" fill="#fff"/>`);
  }
  // laser beams from the stage
  for (let i = 0; i < 16; i++) {
    const a = rng.range(-Math.PI * 0.95, -Math.PI * 0.05);
    const x0 = rng.range(200, 400);
    const len = rng.range(500, 900);
    const c = rng.pick(['#3ff4ff', '#ff6ad5', '#b6ff3f', '#ffe45c']);
    out.push(`<line x1="${f(x0)}" y1="560" x2="${f(x0 + Math.cos(a) * len)}" y2="${f(560 + Math.sin(a) * len)}" stroke="${c}" stroke-width="${f(rng.range(1, 3.5))}" opacity="${f(rng.range(0.35, 0.7))}"/>`);
  }
  // jittered halftone clouds in two corners (dot size fades with distance; positions jittered)
  const halftone = (cx: number, cy: number, radius: number, color: string) => {
    for (let y = cy - radius; y < cy + radius; y += 13) {
      for (let x = cx - radius; x < cx + radius; x += 13) {
        const jx = x + rng.range(-3, 3);
        const jy = y + rng.range(-3, 3);
        const d = Math.hypot(jx - cx, jy - cy) / radius;
        if (d > 1) continue;
        const r = (1 - d) * 6 * rng.range(0.6, 1.2);
        if (r < 0.8) continue;
        out.push(`<circle cx="${f(jx)}" cy="${f(jy)}" r="${f(r)}" fill="${color}"/>`);
      }
    }
  };
  halftone(40, 300, 170, '#ff6ad5');
  halftone(570, 120, 150, '#3ff4ff');

  // retro sun with cut stripes of growing thickness
  out.push(`<circle cx="300" cy="390" r="165" fill="url(#sun)"/>`);
  let sy = 400;
  let th = 3;
  const stripes: string[] = [];
  while (sy < 560) {
    stripes.push(`<rect x="100" y="${f(sy)}" width="400" height="${f(th)}" fill="#4a0c6e"/>`);
    sy += th + 12 - th * 0.5;
    th += 2.5;
  }
  out.push(`<g clip-path="url(#sunclip)">${stripes.join('')}</g>`);
  // jittered halftone dots on the upper half of the sun, fading towards its centre
  const sunDots: string[] = [];
  for (let y = 232; y < 400; y += 11) {
    for (let x = 140; x < 460; x += 11) {
      const jx = x + rng.range(-2.5, 2.5);
      const jy = y + rng.range(-2.5, 2.5);
      if (Math.hypot(jx - 300, jy - 390) > 158) continue;
      const r = ((400 - jy) / 168) * 3.6 * rng.range(0.5, 1.2);
      if (r > 0.7) sunDots.push(`<circle cx="${f(jx)}" cy="${f(jy)}" r="${f(r)}"/>`);
    }
  }
  out.push(`<g fill="#ff2d95" opacity="0.55">${sunDots.join('')}</g>`);

  // mountain range silhouettes (two layers)
  const ridge = (base: number, amp: number, step: number, fill: string, rim: string) => {
    const pts: string[] = [`0,${base}`];
    let x = 0;
    while (x < W) {
      x += rng.range(step * 0.5, step * 1.5);
      const peak = base - rng.range(amp * 0.2, amp);
      pts.push(`${f(Math.min(W, x))},${f(peak)}`);
    }
    pts.push(`${W},${base + 2}`, `0,${base + 2}`);
    out.push(`<polygon points="${pts.join(' ')}" fill="${fill}" stroke="${rim}" stroke-width="2" stroke-linejoin="miter"/>`);
  };
  ridge(560, 110, 70, '#2a0a52', '#ff6ad5');
  ridge(562, 60, 45, '#17043a', '#3ff4ff');

  // perspective floor grid (converging lines, rows spaced quadratically)
  out.push(`<rect x="0" y="562" width="${W}" height="${H - 562}" fill="url(#floor)"/>`);
  const grid: string[] = [];
  for (let k = 1; k < 14; k++) {
    const y = 562 + k * k * 1.45;
    if (y > H) break;
    grid.push(`M0,${f(y)}H${W}`);
  }
  for (let k = -14; k <= 14; k++) {
    grid.push(`M${f(300 + k * 10)},562L${f(300 + k * 95)},${H}`);
  }
  out.push(`<path d="${grid.join('')}" stroke="#ff2d95" stroke-width="1.6" fill="none" opacity="0.6"/>`);

  // stage at the horizon: speaker stacks and a lighting truss
  const stage: string[] = [`<rect x="214" y="520" width="172" height="42" fill="#12002b"/>`, `<path d="M206,470H394M206,478H394" stroke="#d9d2ff" stroke-width="3"/>`];
  for (let x = 206; x < 394; x += 18) stage.push(`<path d="M${x},470L${x + 9},478L${x + 18},470" stroke="#d9d2ff" stroke-width="2" fill="none"/>`);
  for (let i = 0; i < 6; i++) {
    const x = 222 + i * 30 + rng.range(-3, 3);
    stage.push(`<path d="M${f(x)},480l-7,12h14Z" fill="${rng.pick(['#3ff4ff', '#ffe45c', '#ff6ad5'])}"/>`);
  }
  for (const sx of [196, 366]) {
    for (let k = 0; k < 3; k++) {
      const y = 504 + k * 19;
      stage.push(`<rect x="${sx}" y="${y}" width="38" height="18" fill="#12002b" stroke="#d9d2ff" stroke-width="1.5"/><circle cx="${sx + 11}" cy="${y + 9}" r="5.5" fill="#d9d2ff"/><circle cx="${sx + 11}" cy="${y + 9}" r="2" fill="#12002b"/><circle cx="${sx + 28}" cy="${y + 9}" r="3" fill="#d9d2ff"/>`);
    }
  }
  out.push(stage.join(''));
  // palm tree silhouettes in front of the sunset
  palmTree(out, rng, 78, 566, 190, -8, '#14002e');
  palmTree(out, rng, 150, 566, 120, 10, '#1f0440');
  palmTree(out, rng, 520, 566, 170, 9, '#14002e');

  // confetti over everything
  const palette = ['#3ff4ff', '#ff6ad5', '#b6ff3f', '#ffe45c', '#ffffff', '#ff8a3d'];
  for (let i = 0; i < 70; i++) {
    const x = rng.range(10, W - 10);
    const y = rng.range(10, H - 10);
    out.push(`<g transform="translate(${f(x)},${f(y)}) rotate(${f(rng.range(0, 360))})">${confetti(rng, rng.range(6, 16), rng.pick(palette))}</g>`);
  }

  // lightning bolts framing the title
  const bolt = (x: number, y: number, s: number, rot: number, c: string) =>
    out.push(`<path transform="translate(${x},${y}) rotate(${rot}) scale(${s})" d="M0,0L22,0L12,26L28,26L-6,70L4,36L-10,36Z" fill="${c}" stroke="#12002b" stroke-width="2"/>`);
  bolt(40, 40, 1.3, -12, '#ffe45c');
  bolt(540, 190, 1.1, 18, '#b6ff3f');

  // title
  out.push(text(300, 150, 'NEON', { size: 156, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: 'url(#title)', stroke: '#12002b', strokeWidth: 10, spacing: 4 }));
  out.push(text(300, 232, 'NIGHTS', { size: 84, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: 'none', stroke: '#3ff4ff', strokeWidth: 3.5, spacing: 14 }));
  out.push(text(300, 270, 'LIVE AT THE PIER · SAT 14 JUNE', { size: 22, weight: 'bold', family: 'Liberation Sans Narrow', anchor: 'middle', fill: '#ffe45c', spacing: 3, stroke: '#12002b', strokeWidth: 4 }));
  out.push(text(44, 500, 'SUMMER TOUR 2025', { size: 18, weight: 'bold', family: 'DejaVu Sans Mono', fill: '#ffffff', transform: 'rotate(-90 44 500)', spacing: 3, stroke: '#12002b', strokeWidth: 3 }));
  out.push(text(556, 300, 'ALL AGES · OPEN AIR', { size: 16, weight: 'bold', family: 'DejaVu Sans Mono', fill: '#ffe45c', transform: 'rotate(90 556 300)', spacing: 2, stroke: '#12002b', strokeWidth: 3 }));

  // line-up on a translucent band over the floor
  out.push(`<rect x="40" y="600" width="520" height="156" rx="8" fill="#12002b" opacity="0.72" stroke="#ff6ad5" stroke-width="2"/>`);
  out.push(text(300, 640, 'THE VOLTAGE KIDS', { size: 38, weight: 'bold', family: 'Liberation Sans Narrow', anchor: 'middle', fill: '#ffffff', spacing: 1 }));
  out.push(text(300, 676, 'MIDNIGHT ARCADE  ✦  LUNA & THE LASERS', { size: 25, weight: 'bold', family: 'Liberation Sans Narrow', anchor: 'middle', fill: '#3ff4ff' }));
  out.push(text(300, 708, 'DJ KOBALT  ✦  SYNTH SISTERS  ✦  ORBIT 9', { size: 22, weight: 'bold', family: 'Liberation Sans Narrow', anchor: 'middle', fill: '#ff6ad5' }));
  out.push(text(300, 740, 'DOORS 8PM · TICKETS AT NEONNIGHTS.EXAMPLE', { size: 15, family: 'DejaVu Sans Mono', anchor: 'middle', fill: '#ffe45c' }));
  out.push(text(300, 788, 'No 2025-06 · PRINT & POINT YOUR PHONE', { size: 12, family: 'DejaVu Sans Mono', anchor: 'middle', fill: '#ffffff', opacity: 0.8 }));
  return svgDoc(W, H, out.join('\n'));
}

/** A palm tree silhouette with serrated fronds, trunk base at (x, y). */
function palmTree(out: string[], rng: Rng, x: number, y: number, height: number, lean: number, color: string): void {
  const topX = x + lean * (height / 40);
  const topY = y - height;
  // trunk: tapered, with notches
  const trunk: string[] = [];
  const segs = 9;
  for (let i = 0; i <= segs; i++) {
    const t = i / segs;
    const cx = x + (topX - x) * t + Math.sin(t * Math.PI) * lean * 1.5;
    const cy = y + (topY - y) * t;
    const w = 9 - 5 * t + (i % 2 ? 1.5 : 0);
    trunk.push(`${f(cx + w)},${f(cy)}`);
    trunk.unshift(`${f(cx - w)},${f(cy)}`);
  }
  out.push(`<polygon points="${trunk.join(' ')}" fill="${color}"/>`);
  const fronds = rng.int(7, 9);
  for (let k = 0; k < fronds; k++) {
    const a = -Math.PI + (k / (fronds - 1)) * Math.PI + rng.range(-0.15, 0.15);
    const len = height * rng.range(0.42, 0.62);
    const droop = len * rng.range(0.35, 0.6);
    const ex = topX + Math.cos(a) * len;
    const ey = topY + Math.sin(a) * len * 0.55 + droop;
    const mx = topX + Math.cos(a) * len * 0.5;
    const my = topY + Math.sin(a) * len * 0.5 - len * 0.1;
    const up: string[] = [];
    const down: string[] = [];
    const n = 12;
    for (let i = 0; i <= n; i++) {
      const t = i / n;
      const px = (1 - t) * (1 - t) * topX + 2 * (1 - t) * t * mx + t * t * ex;
      const py = (1 - t) * (1 - t) * topY + 2 * (1 - t) * t * my + t * t * ey;
      const dx = 2 * (1 - t) * (mx - topX) + 2 * t * (ex - mx);
      const dy = 2 * (1 - t) * (my - topY) + 2 * t * (ey - my);
      const dl = Math.hypot(dx, dy) || 1;
      const nx = -dy / dl;
      const ny = dx / dl;
      const w = len * 0.19 * Math.sin(Math.PI * Math.min(1, t * 1.15)) * (i % 2 ? 1 : 0.25);
      up.push(`${f(px + nx * w)},${f(py + ny * w)}`);
      down.unshift(`${f(px - nx * w)},${f(py - ny * w)}`);
    }
    out.push(`<polygon points="${up.concat(down).join(' ')}" fill="${color}"/>`);
  }
  out.push(`<circle cx="${f(topX - 4)}" cy="${f(topY + 6)}" r="5" fill="${color}"/><circle cx="${f(topX + 5)}" cy="${f(topY + 8)}" r="4.5" fill="${color}"/>`);
}

/** A tea leaf centred at 0,0 pointing up, length 2*len. */
function leaf(len: number, fill: string, vein: string): string {
  const w = len * 0.55;
  return `<path d="M0,${f(-len)}C${f(w)},${f(-len * 0.5)} ${f(w)},${f(len * 0.5)} 0,${f(len)}C${f(-w)},${f(len * 0.5)} ${f(-w)},${f(-len * 0.5)} 0,${f(-len)}Z" fill="${fill}"/>` +
    `<path d="M0,${f(-len * 0.85)}V${f(len * 1.15)}M0,${f(-len * 0.3)}l${f(w * 0.5)},${f(-len * 0.2)}M0,${f(0)}l${f(-w * 0.5)},${f(-len * 0.2)}M0,${f(len * 0.3)}l${f(w * 0.5)},${f(-len * 0.2)}" stroke="${vein}" stroke-width="${f(Math.max(1, len / 16))}" fill="none"/>`;
}

/** 2. Tea packaging label, landscape 800x600. */
function teaBoxSvg(): string {
  const W = 800;
  const H = 600;
  const rng = new Rng(0x7ea0b0c5);
  const out: string[] = [];
  out.push(`<defs>
    <linearGradient id="paper" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#f8f0dc"/><stop offset="1" stop-color="#e6d6ae"/>
    </linearGradient>
    <linearGradient id="band" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#1c5a41"/><stop offset="1" stop-color="#0f3326"/>
    </linearGradient>
    <radialGradient id="emb" cx="0.5" cy="0.42" r="0.6">
      <stop offset="0" stop-color="#fffaf0"/><stop offset="1" stop-color="#efe0bb"/>
    </radialGradient>
    <linearGradient id="gold" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#f5d77a"/><stop offset="0.5" stop-color="#c99a2e"/><stop offset="1" stop-color="#f0cf6a"/>
    </linearGradient>
    <clipPath id="embclip"><circle cx="460" cy="262" r="138"/></clipPath>
  </defs>`);
  out.push(`<rect width="${W}" height="${H}" fill="url(#paper)"/>`);

  // watercolour-like leaves scattered over the paper
  const greens = ['#7fae6b', '#4e8a5a', '#a9c98b', '#3f7a4f', '#c3d9a0'];
  for (let i = 0; i < 90; i++) {
    const x = rng.range(0, W);
    const y = rng.range(0, H);
    out.push(`<g transform="translate(${f(x)},${f(y)}) rotate(${f(rng.range(0, 360))})" opacity="${f(rng.range(0.35, 0.75))}">${leaf(rng.range(10, 34), rng.pick(greens), '#2f5e3c')}</g>`);
  }
  // ink sprigs: small branches with leaves
  for (let i = 0; i < 10; i++) {
    const x = rng.range(240, 780);
    const y = rng.range(20, 580);
    const rot = rng.range(0, 360);
    let g = `<path d="M0,0C10,-30 -8,-60 4,-95" stroke="#2f5e3c" stroke-width="2.5" fill="none"/>`;
    for (let k = 0; k < 4; k++) {
      const t = 0.2 + k * 0.22;
      g += `<g transform="translate(${f(rng.range(-3, 5))},${f(-95 * t)}) rotate(${k % 2 ? 50 : -50})">${leaf(11, '#4e8a5a', '#dfeccf')}</g>`;
    }
    out.push(`<g transform="translate(${f(x)},${f(y)}) rotate(${f(rot)}) scale(${f(rng.range(0.6, 1.1))})">${g}</g>`);
  }

  // left brand band
  out.push(`<rect x="0" y="0" width="232" height="${H}" fill="url(#band)"/>`);
  // gold ornament border with corner flourishes
  out.push(`<rect x="14" y="14" width="204" height="${H - 28}" fill="none" stroke="url(#gold)" stroke-width="3"/>`);
  out.push(`<rect x="22" y="22" width="188" height="${H - 44}" fill="none" stroke="url(#gold)" stroke-width="1.2"/>`);
  for (const [cx, cy, r] of [[22, 22, 0], [210, 22, 90], [210, H - 22, 180], [22, H - 22, 270]] as const) {
    out.push(`<path transform="translate(${cx},${cy}) rotate(${r})" d="M0,0C18,2 26,10 28,28C20,20 10,16 0,0ZM0,0C2,18 10,26 28,28" fill="#e9c25a" stroke="#e9c25a" stroke-width="1"/>`);
  }
  // vertical kanji + latin brand
  const kanji = ['森', 'の', '茶'];
  kanji.forEach((k, i) => out.push(text(176, 96 + i * 74, k, { size: 66, family: 'Droid Sans Fallback', anchor: 'middle', fill: 'url(#gold)' })));
  out.push(`<rect x="40" y="62" width="44" height="44" fill="#c0392b" transform="rotate(-4 62 84)"/>`);
  out.push(text(56, 262, 'PREMIUM', { size: 13, weight: 'bold', family: 'DejaVu Sans', fill: '#e9c25a', transform: 'rotate(-90 56 262)', spacing: 2 }));
  out.push(text(80, 262, 'GRADE A', { size: 13, weight: 'bold', family: 'DejaVu Sans', fill: '#e9c25a', transform: 'rotate(-90 80 262)', spacing: 2 }));
  out.push(`<path d="M56,122l6,-10l6,10l-6,10Z M56,292l6,-10l6,10l-6,10Z" fill="#e9c25a"/>`);
  out.push(text(62, 96, '印', { size: 32, family: 'Droid Sans Fallback', anchor: 'middle', fill: '#fbe9c8', transform: 'rotate(-4 62 84)' }));
  out.push(text(116, 360, 'MORI', { size: 70, weight: 'bold', family: 'P052', anchor: 'middle', fill: 'url(#gold)', spacing: 4 }));
  out.push(text(116, 392, 'TEA  COMPANY', { size: 17, family: 'P052', anchor: 'middle', fill: '#f5e6c4', spacing: 3 }));
  out.push(`<path d="M44,412H188M60,420H172" stroke="#e9c25a" stroke-width="1.5"/>`);
  out.push(text(116, 450, 'EST. 1897', { size: 16, family: 'C059', style: 'italic', anchor: 'middle', fill: '#f5e6c4', spacing: 2 }));
  out.push(text(116, 480, 'SHIZUOKA · JAPAN', { size: 12, family: 'DejaVu Sans', anchor: 'middle', fill: '#e9c25a', spacing: 2 }));
  // little tea cup icon
  out.push(`<g transform="translate(116,528)" fill="none" stroke="#e9c25a" stroke-width="2.5"><path d="M-26,-10H26C24,18 12,26 0,26C-12,26 -24,18 -26,-10Z"/><path d="M26,-2C38,-2 38,14 22,14"/><path d="M-10,-16C-16,-24 -4,-28 -10,-38M4,-16C-2,-24 10,-28 4,-38"/></g>`);

  // central emblem with landscape
  out.push(`<circle cx="460" cy="262" r="146" fill="url(#gold)"/>`);
  out.push(`<circle cx="460" cy="262" r="138" fill="url(#emb)"/>`);
  const emb: string[] = [];
  emb.push(`<circle cx="505" cy="200" r="40" fill="#d94a38"/>`);
  emb.push(`<path d="M300,300L405,160L430,178L452,150L560,300Z" fill="#6c8fb3"/>`);
  emb.push(`<path d="M405,160L430,178L452,150L470,175L455,172L440,190L425,176L410,186Z" fill="#ffffff"/>`);
  emb.push(`<path d="M320,300L520,210L600,300Z" fill="#4c7197" opacity="0.8"/>`);
  // rows of tea bushes (arcs of bumps, each bump a little different)
  const rows = [300, 326, 352, 378, 404];
  rows.forEach((ry, ri) => {
    let x = 300 + ri * -6;
    let d = `M${x},${ry + 30}`;
    while (x < 640) {
      const w = rng.range(22, 40);
      const hgt = rng.range(14, 24);
      d += `Q${f(x + w / 2)},${f(ry - hgt)} ${f(x + w)},${ry}`;
      x += w;
    }
    d += `V${ry + 40}H300Z`;
    emb.push(`<path d="${d}" fill="${['#2e6b3f', '#3d8150', '#4e9560', '#5ea56d', '#6fb57b'][ri]}" stroke="#1d4a2a" stroke-width="1.5"/>`);
    for (let k = 0; k < 14; k++) {
      emb.push(`<circle cx="${f(rng.range(310, 620))}" cy="${f(ry + rng.range(-4, 18))}" r="${f(rng.range(1.5, 3.2))}" fill="#cfe8a9"/>`);
    }
  });
  // steam swirls & cranes
  emb.push(`<path d="M360,150C350,130 375,120 365,100M382,150C372,130 397,120 387,100" stroke="#8aa6c2" stroke-width="3" fill="none"/>`);
  for (let i = 0; i < 3; i++) {
    const bx = 520 + i * 24;
    const by = 140 + i * 12;
    emb.push(`<path d="M${bx - 10},${by}Q${bx - 4},${by - 8} ${bx},${by}Q${bx + 4},${by - 8} ${bx + 10},${by}" stroke="#333" stroke-width="2" fill="none"/>`);
  }
  out.push(`<g clip-path="url(#embclip)">${emb.join('')}</g>`);
  // lettering around the emblem, one glyph at a time
  const ring = '✿ ORGANIC ✿ FIRST FLUSH ✿ SHIZUOKA ✿';
  const rr = 158;
  for (let i = 0; i < ring.length; i++) {
    const a = -205 + (i * 230) / (ring.length - 1);
    const x = 460 + Math.cos((a * Math.PI) / 180) * rr;
    const y = 262 + Math.sin((a * Math.PI) / 180) * rr;
    out.push(text(x, y, ring[i] ?? '', { size: 15, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#1c5a41', transform: `rotate(${f(a + 90)} ${f(x)} ${f(y)})` }));
  }
  // product name under the emblem
  out.push(text(460, 470, 'SENCHA', { size: 62, weight: 'bold', family: 'C059', anchor: 'middle', fill: '#1c5a41', spacing: 8 }));
  out.push(text(460, 500, 'Japanese Green Tea · Steamed Leaf', { size: 18, family: 'C059', style: 'italic', anchor: 'middle', fill: '#7a4e1d' }));

  // right column: product facts
  out.push(`<rect x="626" y="40" width="150" height="176" rx="10" fill="#1c5a41" opacity="0.92"/>`);
  out.push(text(701, 82, '20', { size: 42, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#f5d77a' }));
  out.push(text(701, 104, 'PYRAMID BAGS', { size: 13, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#f8f0dc' }));
  out.push(`<path d="M646,118H756" stroke="#f5d77a"/>`);
  out.push(text(701, 142, 'Net wt. 40 g', { size: 14, family: 'DejaVu Sans', anchor: 'middle', fill: '#f8f0dc' }));
  out.push(text(701, 164, '80°C · 2 min', { size: 14, family: 'DejaVu Sans', anchor: 'middle', fill: '#f8f0dc' }));
  out.push(text(701, 196, '★ ★ ★ ★ ★', { size: 16, family: 'DejaVu Sans', anchor: 'middle', fill: '#f5d77a' }));
  out.push(`<g transform="translate(701,282)"><circle r="44" fill="#c0392b"/><circle r="38" fill="none" stroke="#fbe9c8" stroke-width="1.5" stroke-dasharray="4 3"/>` +
    text(0, -6, 'JAS', { size: 22, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#fbe9c8' }) +
    text(0, 14, 'ORGANIC', { size: 11, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#fbe9c8' }) + `</g>`);
  // barcode with seeded bar widths
  let bx = 640;
  const bars: string[] = [];
  while (bx < 762) {
    const w = rng.pick([1.5, 1.5, 3, 4.5]);
    bars.push(`<rect x="${f(bx)}" y="452" width="${w}" height="${bx < 644 || bx > 756 ? 70 : 62}" fill="#1d1d1d"/>`);
    bx += w + rng.pick([1.5, 1.5, 3]);
  }
  out.push(`<rect x="630" y="444" width="142" height="96" fill="#fffdf5" stroke="#1d1d1d" stroke-width="1"/>`);
  out.push(bars.join(''));
  out.push(text(701, 534, '4 901234 567894', { size: 12, family: 'DejaVu Sans Mono', anchor: 'middle', fill: '#1d1d1d' }));
  out.push(text(701, 360, 'Best enjoyed', { size: 14, family: 'C059', style: 'italic', anchor: 'middle', fill: '#7a4e1d' }));
  out.push(text(701, 378, 'within 6 months', { size: 14, family: 'C059', style: 'italic', anchor: 'middle', fill: '#7a4e1d' }));
  out.push(text(701, 410, 'LOT 25-0614-A', { size: 11, family: 'DejaVu Sans Mono', anchor: 'middle', fill: '#1d1d1d' }));

  // bottom ribbon
  out.push(`<path d="M244,540H616L604,560L616,580H244L256,560Z" fill="#c0392b"/>`);
  out.push(text(430, 566, 'HAND-PICKED · STEAMED · ROLLED · DRIED', { size: 12.5, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#fbe9c8' }));
  return svgDoc(W, H, out.join('\n'));
}

/** 3. Trade-show booth banner, portrait 600x800. */
function boothWallSvg(): string {
  const W = 600;
  const H = 800;
  const rng = new Rng(0xb007a11);
  const out: string[] = [];
  out.push(`<defs>
    <linearGradient id="orange" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#ff5e1a"/><stop offset="1" stop-color="#ffb21a"/></linearGradient>
    <linearGradient id="panel" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#071433" stop-opacity="0.35"/><stop offset="1" stop-color="#071433" stop-opacity="0.9"/></linearGradient>
  </defs>`);
  // low-poly background: jittered lattice, each triangle shaded differently
  const cols = 8;
  const rowsN = 11;
  const pts: [number, number][][] = [];
  for (let j = 0; j <= rowsN; j++) {
    const row: [number, number][] = [];
    for (let i = 0; i <= cols; i++) {
      let x = (i / cols) * W;
      let y = (j / rowsN) * H;
      if (i > 0 && i < cols) x += rng.range(-0.38, 0.38) * (W / cols);
      if (j > 0 && j < rowsN) y += rng.range(-0.38, 0.38) * (H / rowsN);
      row.push([x, y]);
    }
    pts.push(row);
  }
  const c0: [number, number, number] = [8, 28, 80];
  const c1: [number, number, number] = [14, 150, 170];
  const c2: [number, number, number] = [90, 40, 150];
  const tri = (a: [number, number], b: [number, number], c: [number, number]) => {
    const cx = (a[0] + b[0] + c[0]) / 3;
    const cy = (a[1] + b[1] + c[1]) / 3;
    const t = Math.min(1, Math.max(0, (cx / W) * 0.6 + (cy / H) * 0.6 - 0.1));
    const base = t < 0.5 ? mix(c0, c1, t * 2) : mix(c1, c2, (t - 0.5) * 2);
    const k = rng.range(0.5, 1.6);
    const col = rgb([base[0] * k, base[1] * k, base[2] * k]);
    out.push(`<path d="M${f(a[0])},${f(a[1])}L${f(b[0])},${f(b[1])}L${f(c[0])},${f(c[1])}Z" fill="${col}" stroke="${col}" stroke-width="0.8"/>`);
  };
  for (let j = 0; j < rowsN; j++) {
    for (let i = 0; i < cols; i++) {
      const p00 = pts[j]![i]!;
      const p10 = pts[j]![i + 1]!;
      const p01 = pts[j + 1]![i]!;
      const p11 = pts[j + 1]![i + 1]!;
      if ((i + j) % 2 === 0 || rng.chance(0.3)) {
        tri(p00, p10, p11);
        tri(p00, p11, p01);
      } else {
        tri(p00, p10, p01);
        tri(p10, p11, p01);
      }
    }
  }
  // circuit traces
  for (let i = 0; i < 34; i++) {
    let x = rng.range(0, W);
    let y = rng.range(0, H);
    let d = `M${f(x)},${f(y)}`;
    for (let k = 0; k < 4; k++) {
      const len = rng.range(20, 70);
      const dir = rng.int(0, 3);
      if (dir === 0) x += len;
      else if (dir === 1) x -= len;
      else if (dir === 2) { x += len * 0.7; y += len * 0.7; }
      else y -= len;
      d += `L${f(x)},${f(y)}`;
    }
    out.push(`<path d="${d}" stroke="${rng.pick(['#5ff3ff', '#9fe8ff', '#ffb21a'])}" stroke-width="2" fill="none" opacity="0.7"/><circle cx="${f(x)}" cy="${f(y)}" r="4" fill="none" stroke="#5ff3ff" stroke-width="2" opacity="0.8"/>`);
  }

  // logo: hexagon with an anvil-spark mark
  const hex = (cx: number, cy: number, r: number) =>
    Array.from({ length: 6 }, (_, i) => {
      const a = Math.PI / 6 + (i * Math.PI) / 3;
      return `${f(cx + Math.cos(a) * r)},${f(cy + Math.sin(a) * r)}`;
    }).join(' ');
  out.push(`<polygon points="${hex(98, 104, 66)}" fill="url(#orange)" stroke="#fff" stroke-width="5"/>`);
  out.push(`<polygon points="${hex(98, 104, 46)}" fill="#071433"/>`);
  out.push(`<path d="M70,112H128L118,124H106V134H90V124H80Z M76,100H122V108H76Z" fill="#fff"/>`);
  out.push(`<path d="M99,72L104,88L94,88Z M82,80L94,92L88,94Z M116,80L104,92L110,94Z" fill="#ffb21a"/>`);
  out.push(text(192, 130, 'FORGE', { size: 92, weight: 'bold', family: 'URW Gothic', fill: '#071433', spacing: 3 }));
  out.push(text(186, 124, 'FORGE', { size: 92, weight: 'bold', family: 'URW Gothic', fill: '#ffffff', spacing: 3, stroke: '#071433', strokeWidth: 2 }));
  out.push(text(193, 167, 'EXPO 2025', { size: 40, weight: 'bold', family: 'URW Gothic', fill: '#071433', spacing: 9 }));
  out.push(text(190, 164, 'EXPO 2025', { size: 40, weight: 'bold', family: 'URW Gothic', fill: '#ffb21a', spacing: 9 }));
  out.push(text(192, 192, '12–14 SEPT · MESSE NORD', { size: 17, weight: 'bold', family: 'DejaVu Sans Mono', fill: '#e8f7ff', spacing: 1 }));
  // sparks flying off the logo
  for (let i = 0; i < 26; i++) {
    const x = rng.range(330, 590);
    const y = rng.range(12, 200);
    out.push(`<g transform="translate(${f(x)},${f(y)}) rotate(${f(rng.range(0, 90))})"><path d="${starPath(rng.range(3, 8), 4, 0.3)}" fill="${rng.pick(['#ffb21a', '#ffffff', '#5ff3ff'])}"/></g>`);
  }
  for (let i = 0; i < 18; i++) {
    const x = rng.range(10, 300);
    const y = rng.range(440, 540);
    out.push(`<g transform="translate(${f(x)},${f(y)}) rotate(${f(rng.range(0, 360))})">${confetti(rng, rng.range(5, 10), rng.pick(['#ffb21a', '#ffffff', '#5ff3ff']))}</g>`);
  }
  out.push(text(40, 226, 'Where ideas get real.', { size: 32, family: 'P052', style: 'italic', fill: '#e8f7ff' }));
  out.push(text(40, 258, 'Makers · Robotics · AR · 3D Printing', { size: 18, family: 'DejaVu Sans', fill: '#9fe8ff' }));

  // diagonal orange band with slogan
  out.push(`<polygon points="0,420 600,320 600,410 0,510" fill="url(#orange)"/>`);
  out.push(`<polygon points="0,508 600,408 600,418 0,518" fill="#ffffff"/>`);
  out.push(text(300, 438, 'BUILD · PRINT · PLAY', { size: 48, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#ffffff', stroke: '#071433', strokeWidth: 7, transform: 'rotate(-9.46 300 420)', spacing: 2 }));

  // icon row
  const icons: [string, string][] = [
    ['M-14,-6L0,-14L14,-6V10L0,18L-14,10Z M-14,-6L0,2L14,-6 M0,2V18', 'CUBE LAB'],
    ['M-12,-12H12V12H-12Z M-6,-6H6V6H-6Z M-12,-6H-18M-12,6H-18M12,-6H18M12,6H18M-6,-12V-18M6,-12V-18M-6,12V18M6,12V18', 'CHIPS'],
    ['M4,-18L-10,2H0L-4,18L10,-2H0Z', 'ENERGY'],
    ['M0,-16A16,16 0 1 0 0.1,-16Z M-16,0H16 M0,-16C-9,-8 -9,8 0,16 M0,-16C9,-8 9,8 0,16', 'GLOBAL'],
  ];
  icons.forEach(([d, label], i) => {
    const cx = 90 + i * 140;
    const cy = 318 - i * 14;
    out.push(`<circle cx="${cx}" cy="${cy}" r="34" fill="#1b3a6b" stroke="#5ff3ff" stroke-width="3"/>`);
    out.push(`<path transform="translate(${cx},${cy})" d="${d}" fill="none" stroke="#cfefff" stroke-width="3" stroke-linejoin="round"/>`);
    out.push(text(cx, cy + 52, label, { size: 13, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#ffffff', spacing: 1 }));
  });

  // lower panel: hall & booth + QR-like code + agenda
  out.push(`<rect x="24" y="540" width="552" height="236" rx="14" fill="url(#panel)" stroke="#5ff3ff" stroke-width="2"/>`);
  out.push(text(48, 594, 'HALL B', { size: 34, weight: 'bold', family: 'URW Gothic', fill: '#ffb21a', spacing: 4 }));
  out.push(`<path d="M200,566l14,14l-14,14M222,566l14,14l-14,14M244,566l14,14l-14,14" stroke="#ffffff" stroke-width="5" fill="none"/>`);
  out.push(text(44, 672, 'BOOTH 42', { size: 72, weight: 'bold', family: 'URW Gothic', fill: '#ffffff' }));
  const agenda = ['10:00  Live printing demo', '13:30  Robot arm challenge', '16:00  AR scavenger hunt'];
  agenda.forEach((a, i) => out.push(text(48, 710 + i * 24, a, { size: 16, family: 'DejaVu Sans Mono', fill: i === 1 ? '#ffb21a' : '#e8f7ff' })));
  // QR-like random module block (not a real QR code) with finder squares
  const qx = 420;
  const qy = 586;
  const n = 15;
  const m = 8;
  out.push(`<rect x="${qx - 8}" y="${qy - 8}" width="${f(n * m + 16)}" height="${f(n * m + 16)}" fill="#dff6ff" rx="4"/>`);
  const inFinder = (i: number, j: number) => (i < 6 && j < 6) || (i >= n - 6 && j < 6) || (i < 6 && j >= n - 6);
  const mods: string[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      if (inFinder(i, j)) continue;
      if (rng.chance(0.48)) mods.push(`M${f(qx + i * m)},${f(qy + j * m)}h${m}v${m}h-${m}Z`);
    }
  }
  out.push(`<path d="${mods.join('')}" fill="#1b3a6b"/>`);
  for (const [fi, fj] of [[0, 0], [n - 5, 0], [0, n - 5]] as const) {
    const x = qx + fi * m;
    const y = qy + fj * m;
    out.push(`<rect x="${f(x)}" y="${f(y)}" width="${f(5 * m)}" height="${f(5 * m)}" fill="#1b3a6b"/><rect x="${f(x + m)}" y="${f(y + m)}" width="${f(3 * m)}" height="${f(3 * m)}" fill="#dff6ff"/><rect x="${f(x + 1.5 * m)}" y="${f(y + 1.5 * m)}" width="${f(2 * m)}" height="${f(2 * m)}" fill="#ff5e1a"/>`);
  }
  out.push(text(qx + (n * m) / 2, 756, 'forge-expo.example', { size: 13, family: 'DejaVu Sans Mono', anchor: 'middle', fill: '#9fe8ff' }));
  return svgDoc(W, H, out.join('\n'));
}

/** 4. Retro "Greetings from" postcard, landscape 800x600. */
function cityPostcardSvg(): string {
  const W = 800;
  const H = 600;
  const rng = new Rng(0x9057ca4d);
  const out: string[] = [];
  const horizon = 410;
  out.push(`<defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#2c2a6a"/><stop offset="0.35" stop-color="#7b4b9a"/><stop offset="0.7" stop-color="#ff6f91"/><stop offset="1" stop-color="#ffb36b"/>
    </linearGradient>
    <linearGradient id="water" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#5a3f82"/><stop offset="1" stop-color="#1b1740"/>
    </linearGradient>
    <radialGradient id="sun" cx="0.5" cy="0.5" r="0.5"><stop offset="0" stop-color="#fff2b0"/><stop offset="0.7" stop-color="#ffd166"/><stop offset="1" stop-color="#ff9f5a"/></radialGradient>
    <linearGradient id="letters" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#fff36b"/><stop offset="0.55" stop-color="#ffb13b"/><stop offset="1" stop-color="#ff5e62"/></linearGradient>
  </defs>`);
  out.push(`<rect width="${W}" height="${horizon}" fill="url(#sky)"/>`);
  // sun with a few horizontal cuts
  out.push(`<circle cx="560" cy="350" r="92" fill="url(#sun)"/>`);
  // clouds: clusters of ellipses with darker undersides
  for (let i = 0; i < 9; i++) {
    const cx = rng.range(30, 770);
    const cy = rng.range(40, 300);
    const s = rng.range(0.6, 1.3);
    let g = '';
    const n = rng.int(4, 7);
    for (let k = 0; k < n; k++) {
      g += `<ellipse cx="${f(rng.range(-50, 50) * s)}" cy="${f(rng.range(-12, 6) * s)}" rx="${f(rng.range(18, 36) * s)}" ry="${f(rng.range(10, 18) * s)}" fill="${rng.pick(['#ffc2b3', '#ffd9c7', '#f7a6b6', '#e38fb0'])}"/>`;
    }
    g += `<path d="M${f(-70 * s)},${f(8 * s)}H${f(70 * s)}" stroke="#c66f9a" stroke-width="${f(3 * s)}"/>`;
    out.push(`<g transform="translate(${f(cx)},${f(cy)})" opacity="0.9">${g}</g>`);
  }
  // birds
  for (let i = 0; i < 12; i++) {
    const x = rng.range(250, 760);
    const y = rng.range(60, 260);
    const s = rng.range(5, 11);
    out.push(`<path d="M${f(x - s)},${f(y - s * 0.4)}Q${f(x - s / 2)},${f(y - s * 0.6)} ${f(x)},${f(y)}Q${f(x + s / 2)},${f(y - s * 0.6)} ${f(x + s)},${f(y - s * 0.4)}" stroke="#2c2a6a" stroke-width="2" fill="none"/>`);
  }
  // skyline: back row (lighter) then front row with windows
  const skyline = (base: number, hMin: number, hMax: number, colors: string[], windows: boolean) => {
    let x = 6;
    while (x < W) {
      const w = rng.range(34, 82);
      const h = rng.range(hMin, hMax);
      const top = base - h;
      const col = rng.pick(colors);
      out.push(`<rect x="${f(x)}" y="${f(top)}" width="${f(w)}" height="${f(h + 2)}" fill="${col}"/>`);
      const roof = rng.int(0, 4);
      if (roof === 0) out.push(`<path d="M${f(x + w / 2)},${f(top - rng.range(30, 70))}V${f(top)}" stroke="${col}" stroke-width="3"/>`);
      else if (roof === 1) out.push(`<path d="M${f(x)},${f(top)}L${f(x + w / 2)},${f(top - w * 0.6)}L${f(x + w)},${f(top)}Z" fill="${col}"/>`);
      else if (roof === 2) out.push(`<rect x="${f(x + w * 0.2)}" y="${f(top - 16)}" width="${f(w * 0.35)}" height="16" fill="${col}"/><path d="M${f(x + w * 0.25)},${f(top - 16)}V${f(top - 26)}H${f(x + w * 0.5)}V${f(top - 16)}" stroke="${col}" stroke-width="3" fill="none"/>`);
      else if (roof === 3) out.push(`<rect x="${f(x + 4)}" y="${f(top - 8)}" width="${f(w - 8)}" height="8" fill="${col}"/>`);
      if (windows) {
        const ww = rng.pick([5, 6, 8]);
        const wh = rng.pick([7, 9, 10]);
        const gx = ww + rng.pick([4, 5, 7]);
        const gy = wh + rng.pick([5, 6, 8]);
        const lit = rng.range(0.2, 0.45);
        const wins: string[] = [];
        for (let wy = top + 10; wy < base - 14; wy += gy) {
          for (let wx = x + 6; wx < x + w - ww - 4; wx += gx) {
            if (rng.chance(lit)) wins.push(`M${f(wx)},${f(wy)}h${ww}v${wh}h-${ww}Z`);
          }
        }
        out.push(`<path d="${wins.join('')}" fill="${rng.pick(['#d9a45a', '#e0b870', '#c98f4e'])}"/>`);
      }
      x += w + rng.range(-6, 4);
    }
  };
  skyline(horizon, 60, 190, ['#8a5aa8', '#9a68b0', '#7c4f9c'], false);
  skyline(horizon, 40, 170, ['#2f2458', '#3a2c66', '#271d4c', '#43306e'], true);
  // lighthouse on the left pier
  out.push(`<path d="M40,${horizon}L52,300H74L86,${horizon}Z" fill="#f4f1ea"/><path d="M46,370H80L82,385H44Z M50,330H76L78,345H48Z" fill="#d9455f"/><rect x="50" y="282" width="26" height="18" fill="#ffe08a"/><path d="M46,282L63,262L80,282Z" fill="#d9455f"/><path d="M76,290L200,270L200,300Z" fill="#fff3c4" opacity="0.45"/>`);
  // water and reflections
  out.push(`<rect x="0" y="${horizon}" width="${W}" height="${H - horizon}" fill="url(#water)"/>`);
  for (let i = 0; i < 170; i++) {
    const y = rng.range(horizon + 4, H - 6);
    const near = (y - horizon) / (H - horizon);
    const x = rng.chance(0.4) ? 560 + rng.range(-90, 90) * (1 + near) : rng.range(0, W);
    const len = rng.range(8, 40) * (0.6 + near);
    const c = Math.abs(x - 560) < 110 ? rng.pick(['#ffd166', '#fff2b0', '#ff9f5a']) : rng.pick(['#ffe08a', '#ff6f91', '#b48ad8', '#ffffff']);
    out.push(`<path d="M${f(x)},${f(y)}h${f(len)}" stroke="${c}" stroke-width="${f(1.5 + near * 2.5)}" opacity="${f(rng.range(0.45, 0.9))}" stroke-linecap="round"/>`);
  }
  // wooden pier with posts and buoys in the foreground
  out.push(`<path d="M360,598L420,520H470L452,598Z" fill="#d8b48a"/><path d="M420,520H470M410,533H468M398,548H464M385,565H460M372,582H456" stroke="#3b2a22" stroke-width="2"/>`);
  for (let i = 0; i < 6; i++) {
    const t = i / 5;
    const px = 420 - t * 60 + 4;
    const py = 520 + t * 78;
    out.push(`<rect x="${f(px - 4)}" y="${f(py - 14 - t * 10)}" width="${f(6 + t * 4)}" height="${f(18 + t * 16)}" fill="#3b2a22"/><rect x="${f(px + 48 - t * 14)}" y="${f(py - 14 - t * 10)}" width="${f(6 + t * 4)}" height="${f(18 + t * 16)}" fill="#3b2a22"/>`);
  }
  for (const [x, y, c] of [[560, 540, '#d9455f'], [640, 500, '#ffd166'], [90, 520, '#d9455f'], [740, 560, '#ffffff']] as const) {
    out.push(`<g transform="translate(${x},${y})"><path d="M-8,0L-5,-16H5L8,0Z" fill="${c}"/><rect x="-6" y="-10" width="12" height="3" fill="#2c2a6a"/><path d="M0,-16V-24" stroke="#2c2a6a" stroke-width="2"/><ellipse cx="0" cy="1" rx="13" ry="3" fill="none" stroke="#fff3c4" stroke-width="1.5"/></g>`);
  }
  // rowboat and a life ring at the pier
  out.push(`<g transform="translate(530,566) rotate(-6)"><path d="M-44,-8H44L32,10H-34Z" fill="#ffffff"/><path d="M-40,-2H40L37,3H-38Z" fill="#d9455f"/><path d="M-20,-8L-30,-22M14,-8L26,-24" stroke="#3b2a22" stroke-width="3"/></g>`);
  out.push(`<g transform="translate(478,546)"><circle r="12" fill="none" stroke="#ffffff" stroke-width="7"/><circle r="12" fill="none" stroke="#d9455f" stroke-width="7" stroke-dasharray="9.4 9.4"/></g>`);
  // striped hot-air balloon
  const bal: string[] = [];
  const gores = ['#d9455f', '#fdf6e3', '#ffd166', '#fdf6e3', '#d9455f', '#4e9ad1'];
  gores.forEach((c, i) => {
    const x0 = -30 + i * 10;
    bal.push(`<path d="M0,-36C${x0 * 1.4},-36 ${x0 * 1.4},0 ${f(x0 * 0.3)},26H${f((x0 + 10) * 0.3)}C${(x0 + 10) * 1.4},0 ${(x0 + 10) * 1.4},-36 0,-36Z" fill="${c}"/>`);
  });
  bal.push(`<path d="M-9,26L-6,40M9,26L6,40" stroke="#2c2a6a" stroke-width="1.5"/><rect x="-7" y="40" width="14" height="10" fill="#6b4b3a"/>`);
  out.push(`<g transform="translate(548,72) scale(0.85)">${bal.join('')}</g>`);
  // sailboats
  for (const [bx, by, s] of [[180, 470, 1.2], [330, 520, 0.9], [700, 455, 0.8]] as const) {
    out.push(`<g transform="translate(${bx},${by}) scale(${s})"><path d="M-30,0H30L22,12H-22Z" fill="#f4f1ea"/><path d="M0,-4V-70L26,-6Z" fill="#ffffff"/><path d="M-3,-8V-58L-24,-8Z" fill="#ff6f91"/></g>`);
  }

  // lettering
  out.push(text(52, 96, 'Greetings from', { size: 58, family: 'Z003', fill: '#ffffff', transform: 'rotate(-7 52 96)', stroke: '#2c2a6a', strokeWidth: 4 }));
  out.push(text(44, 236, 'HARBOR CITY', { size: 84, weight: 'bold', family: 'DejaVu Sans', fill: '#2c2a6a', spacing: 2 }));
  out.push(text(38, 230, 'HARBOR CITY', { size: 84, weight: 'bold', family: 'DejaVu Sans', fill: 'url(#letters)', stroke: '#ffffff', strokeWidth: 3, spacing: 2 }));
  // little plane towing a banner
  // (flying left, towing the banner behind it)
  out.push(`<g transform="translate(318,130) rotate(2)"><path d="M40,0L70,0" stroke="#2c2a6a" stroke-width="1.5"/><path d="M70,-14H250L238,3L250,20H70Z" fill="#fdf6e3" stroke="#2c2a6a" stroke-width="2"/>` +
    text(160, 10, 'WISH YOU WERE HERE!', { size: 14, weight: 'bold', family: 'DejaVu Sans Condensed', anchor: 'middle', fill: '#d9455f' }) +
    `<g transform="scale(-1,1) translate(-40,0)"><path d="M0,-4L30,-6Q40,-2 30,4L0,4Z" fill="#d9455f"/><path d="M12,-4L6,-18H14L22,-4Z M12,4L6,16H14L22,4Z" fill="#2c2a6a"/><path d="M0,-8L-4,-14H2L6,-4Z" fill="#2c2a6a"/><circle cx="32" cy="-1" r="2" fill="#fff"/></g></g>`);

  // stamp with perforated edge
  const sx = 652;
  const sy = 34;
  const sw = 112;
  const sh = 132;
  out.push(`<rect x="${sx}" y="${sy}" width="${sw}" height="${sh}" fill="#fdf6e3"/>`);
  const perf: string[] = [];
  for (let x = sx; x <= sx + sw; x += 8) perf.push(`<circle cx="${x}" cy="${sy}" r="3" fill="#3a2c66"/><circle cx="${x}" cy="${sy + sh}" r="3" fill="#ff9f5a"/>`);
  for (let y = sy + 8; y < sy + sh; y += 8) perf.push(`<circle cx="${sx}" cy="${y}" r="3" fill="#6b4b94"/><circle cx="${sx + sw}" cy="${y}" r="3" fill="#6b4b94"/>`);
  out.push(perf.join(''));
  out.push(`<rect x="${sx + 10}" y="${sy + 10}" width="${sw - 20}" height="${sh - 42}" fill="#4e9ad1"/>`);
  out.push(`<path d="M${sx + 10},${sy + 80}L${sx + 40},${sy + 44}L${sx + 56},${sy + 62}L${sx + 74},${sy + 36}L${sx + 102},${sy + 80}Z" fill="#2e6b3f"/><circle cx="${sx + 78}" cy="${sy + 28}" r="9" fill="#ffd166"/><path d="M${sx + 10},${sy + 88}Q${sx + 30},${sy + 80} ${sx + 56},${sy + 88}T${sx + 102},${sy + 88}V${sy + 100}H${sx + 10}Z" fill="#1f5f8f"/>`);
  out.push(text(sx + sw / 2, sy + 122, 'HARBOR 45c', { size: 14, weight: 'bold', family: 'DejaVu Sans Condensed', anchor: 'middle', fill: '#3a2c66' }));
  // postmark overlapping the stamp
  out.push(`<g fill="none" stroke="#3a2c66" stroke-width="2" opacity="0.75"><circle cx="630" cy="130" r="40"/><circle cx="630" cy="130" r="32"/><path d="M676,112q12,-8 24,0t24,0t24,0M676,126q12,-8 24,0t24,0t24,0M676,140q12,-8 24,0t24,0t24,0"/></g>`);
  out.push(text(630, 126, 'HARBOR', { size: 11, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#3a2c66', transform: 'rotate(-12 630 130)' }));
  out.push(text(630, 142, '14·06·25', { size: 10, family: 'DejaVu Sans Mono', anchor: 'middle', fill: '#3a2c66', transform: 'rotate(-12 630 130)' }));

  // caption on the water + white postcard frame
  out.push(text(40, 572, 'The bay at dusk · Pier 7 lighthouse · Old Town skyline', { size: 15, family: 'C059', style: 'italic', fill: '#fff3c4' }));
  out.push(text(762, 572, 'No. 0614', { size: 13, family: 'DejaVu Sans Mono', anchor: 'end', fill: '#fff3c4' }));
  out.push(`<rect x="5" y="5" width="${W - 10}" height="${H - 10}" fill="none" stroke="#fdf6e3" stroke-width="10"/>`);
  out.push(`<rect x="14" y="14" width="${W - 28}" height="${H - 28}" fill="none" stroke="#3a2c66" stroke-width="1.5"/>`);
  return svgDoc(W, H, out.join('\n'));
}

interface PosterOpts {
  seed: number;
  width: number;
  height: number;
  /** Background gradient, top → bottom. */
  sky: [string, string];
  /** Mosaic tile colours. */
  tiles: string[];
  ink: string;
  accent: string;
  headline: string;
  kicker: string;
  lines: string[];
  family: string;
  /** Background: a low-poly mosaic, diagonal bands, or overlapping bubbles. */
  style?: 'mosaic' | 'bands' | 'bubbles' | 'rays';
}

/**
 * A campaign poster for the capability samples: a seeded mosaic of irregular tiles (corners
 * everywhere, no repeating pattern), a headline band, a badge, a code block and small print.
 * Each seed and palette gives a picture unlike the others, so recognition stays unambiguous.
 */
function campaignPosterSvg(o: PosterOpts): string {
  const { width: W, height: H } = o;
  const rng = new Rng(o.seed);
  const out: string[] = [
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="0.3" y2="1"><stop offset="0" stop-color="${o.sky[0]}"/><stop offset="1" stop-color="${o.sky[1]}"/></linearGradient></defs>`,
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>`,
  ];
  if (o.style === 'bands') {
    let x = -H;
    while (x < W) {
      const w = rng.range(18, 70);
      out.push(`<polygon points="${f(x)},0 ${f(x + w)},0 ${f(x + w + H * 0.6)},${H} ${f(x + H * 0.6)},${H}" fill="${rng.pick(o.tiles)}" opacity="${f2(rng.range(0.6, 1))}"/>`);
      x += w + rng.range(4, 30);
    }
    for (let k = 0; k < 14; k++) out.push(`<circle cx="${f(rng.range(0, W))}" cy="${f(rng.range(0, H))}" r="${f(rng.range(14, 60))}" fill="none" stroke="${rng.pick(o.tiles)}" stroke-width="${f(rng.range(5, 14))}"/>`);
  } else if (o.style === 'rays') {
    // A sunburst from an off-centre point, wedges of random widths, then rings of dots.
    const sx = W * rng.range(0.25, 0.75);
    const sy = H * rng.range(0.55, 0.8);
    let a = 0;
    const R = Math.hypot(W, H);
    while (a < TAU) {
      const da = rng.range(0.08, 0.3);
      out.push(`<polygon points="${f(sx)},${f(sy)} ${f(sx + Math.cos(a) * R)},${f(sy + Math.sin(a) * R)} ${f(sx + Math.cos(a + da) * R)},${f(sy + Math.sin(a + da) * R)}" fill="${rng.pick(o.tiles)}"/>`);
      a += da;
    }
    for (let k = 0; k < 60; k++) {
      const r = rng.range(40, R * 0.6);
      const t = rng.range(0, TAU);
      out.push(`<circle cx="${f(sx + Math.cos(t) * r)}" cy="${f(sy + Math.sin(t) * r)}" r="${f(rng.range(3, 12))}" fill="${rng.pick([o.ink, '#ffffff', o.accent])}"/>`);
    }
  } else if (o.style === 'bubbles') {
    for (let k = 0; k < 90; k++) out.push(`<circle cx="${f(rng.range(0, W))}" cy="${f(rng.range(0, H))}" r="${f(rng.range(8, 70))}" fill="${rng.pick(o.tiles)}" opacity="${f2(rng.range(0.5, 0.95))}"/>`);
    for (let k = 0; k < 20; k++) out.push(`<rect x="${f(rng.range(0, W))}" y="${f(rng.range(0, H))}" width="${f(rng.range(20, 90))}" height="${f(rng.range(8, 24))}" rx="4" fill="${rng.pick(o.tiles)}" transform="rotate(${f(rng.range(-40, 40))} ${f(W / 2)} ${f(H / 2)})"/>`);
  } else {
  // Mosaic: a jittered grid of quads split into triangles, some left out to show the sky.
  const cols = 9;
  const rows = Math.round((cols * H) / W);
  const pts: [number, number][][] = [];
  for (let j = 0; j <= rows; j++) {
    pts.push(Array.from({ length: cols + 1 }, (_, i) => [
      (i / cols) * W + (i > 0 && i < cols ? rng.range(-0.38, 0.38) * (W / cols) : 0),
      (j / rows) * H + (j > 0 && j < rows ? rng.range(-0.38, 0.38) * (H / rows) : 0),
    ] as [number, number]));
  }
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const a = pts[j]![i]!, b = pts[j]![i + 1]!, c = pts[j + 1]![i + 1]!, d = pts[j + 1]![i]!;
      for (const tri of rng.chance(0.5) ? [[a, b, c], [a, c, d]] : [[a, b, d], [b, c, d]]) {
        if (rng.chance(0.22)) continue;
        out.push(`<path d="M${tri.map((p) => `${f(p[0])},${f(p[1])}`).join('L')}Z" fill="${rng.pick(o.tiles)}" opacity="${f2(rng.range(0.55, 1))}"/>`);
      }
    }
  }
  }
  // Scattered shapes over the mosaic.
  for (let k = 0; k < 36; k++) {
    out.push(`<g transform="translate(${f(rng.range(0, W))},${f(rng.range(0, H))}) rotate(${f(rng.range(0, 360))})">${confetti(rng, rng.range(6, 18), rng.pick([o.ink, o.accent, '#ffffff']))}</g>`);
  }
  // Headline band.
  const bandY = H * rng.range(0.3, 0.42);
  out.push(`<polygon points="0,${f(bandY)} ${W},${f(bandY - 30)} ${W},${f(bandY + 90)} 0,${f(bandY + 120)}" fill="${o.ink}" opacity="0.92"/>`);
  out.push(text(W / 2, bandY + 30, o.kicker, { size: 22, family: o.family, anchor: 'middle', fill: o.accent, spacing: 4, transform: `rotate(-2.2 ${W / 2} ${f(bandY + 45)})` }));
  out.push(text(W / 2, bandY + 82, o.headline, { size: Math.min(64, (W * 1.5) / o.headline.length), weight: 'bold', family: o.family, anchor: 'middle', fill: '#ffffff', transform: `rotate(-2.2 ${W / 2} ${f(bandY + 45)})` }));
  // Badge and emblem: placed, shaped and worded by the seed, so two posters of the same size
  // share no element at the same spot (identical elements in place read as a near-duplicate).
  const badgeLeft = rng.chance(0.5);
  const bx = W * (badgeLeft ? rng.range(0.14, 0.26) : rng.range(0.74, 0.86));
  const by = H * rng.range(0.09, 0.2);
  out.push(`<g transform="translate(${f(bx)},${f(by)}) rotate(${f(rng.range(-25, 25))})"><path d="${starPath(rng.range(52, 68), rng.int(9, 15), rng.range(0.74, 0.86))}" fill="${o.accent}" stroke="${o.ink}" stroke-width="4"/>` +
    text(0, -4, rng.pick(['NEW', 'HOT', 'WOW', 'YAY']), { size: 26, weight: 'bold', family: o.family, anchor: 'middle', fill: o.ink }) +
    text(0, 22, String(rng.int(10, 99)) + '%', { size: 20, weight: 'bold', family: o.family, anchor: 'middle', fill: o.ink }) + `</g>`);
  // An emblem: concentric rings cut by rays (big, curved shapes; no small black-on-white cells,
  // which look like the text posters of the recognition tests), in a bottom corner.
  const emblemLeft = rng.chance(0.5);
  const radius = rng.range(52, 70);
  const ex = emblemLeft ? W * 0.06 + radius : W * 0.94 - radius;
  const ey = H * rng.range(0.8, 0.86);
  out.push(`<circle cx="${f(ex)}" cy="${f(ey)}" r="${f(radius + 8)}" fill="${o.ink}"/>`);
  const rings = rng.int(3, 5);
  for (let r = 1; r <= rings; r++) out.push(`<circle cx="${f(ex)}" cy="${f(ey)}" r="${f((r * radius) / (rings + 0.5))}" fill="none" stroke="${r % 2 ? o.accent : '#ffffff'}" stroke-width="${f(rng.range(3, 7))}"/>`);
  for (let k = 0, rays = rng.int(5, 9); k < rays; k++) {
    const a = rng.range(0, TAU);
    out.push(`<path d="M${f(ex)},${f(ey)}L${f(ex + Math.cos(a) * radius)},${f(ey + Math.sin(a) * radius)}" stroke="${o.ink}" stroke-width="${f(rng.range(4, 9))}"/>`);
  }
  // Small print in the poster's display face (a serif), large: sans-serif body text is what the
  // generated text posters of the recognition tests are made of, and shared glyphs steal votes.
  const tx = emblemLeft ? ex + radius + 26 : ex - radius - 26;
  o.lines.forEach((line, i) => out.push(text(tx, ey - 10 + i * 34, line, { size: i === 0 ? 26 : 20, weight: 'bold', family: o.family, anchor: emblemLeft ? 'start' : 'end', fill: '#ffffff', stroke: o.ink, strokeWidth: 4 })));
  const frame = rng.range(6, 16);
  out.push(`<rect x="${f(frame / 2)}" y="${f(frame / 2)}" width="${f(W - frame)}" height="${f(H - frame)}" fill="none" stroke="${o.ink}" stroke-width="${f(frame)}"/>`);
  return svgDoc(W, H, out.join('\n'));
}

const TARGETS: Target[] = [
  {
    name: 'neon-concert',
    width: 600,
    height: 800,
    title: 'Neon Nights Live',
    description: 'Synthwave concert poster (portrait): striped sunset, laser beams, perspective grid, line-up.',
    svg: neonConcertSvg,
    meta: {
      type: 'model',
      url: 'content/robot.glb',
      scale: 0.6,
      position: [0, 0, 0],
      rotation: [0, 0, 0],
      animation: 'Dance',
      loop: true,
      title: 'Volt the Neon Robot',
      link: 'https://neonnights.example/tickets',
    },
  },
  {
    name: 'tea-box',
    width: 800,
    height: 600,
    title: 'Mori Tea Sencha',
    description: 'Green-tea packaging label (landscape): gold-on-green brand band, landscape emblem, barcode.',
    svg: teaBoxSvg,
    meta: {
      type: 'model',
      url: 'content/tea-can.glb',
      scale: 0.5,
      position: [0, 0, 0],
      rotation: [0, 0, 0],
      animation: 'Spin',
      loop: true,
      title: 'Mori Sencha Tea Can',
      link: 'https://mori-tea.example/sencha',
    },
  },
  {
    name: 'booth-wall',
    width: 600,
    height: 800,
    title: 'Forge Expo Booth 42',
    description: 'Trade-show booth banner (portrait): low-poly background, hexagon logo, icon row, booth panel.',
    svg: boothWallSvg,
    meta: {
      type: 'video',
      url: 'content/forge-promo.mp4',
      loop: true,
      autoplay: true,
      muted: true,
      title: 'Forge Expo 2025 Teaser',
      link: 'https://forge-expo.example',
    },
  },
  {
    name: 'city-postcard',
    width: 800,
    height: 600,
    title: 'Greetings from Harbor City',
    description: 'Retro postcard (landscape): sunset skyline with lit windows, lighthouse, sailboats, stamp.',
    svg: cityPostcardSvg,
    // The EasyAR Cloud Recognition sample meta shape, accepted as-is by the app.
    meta: { videoUrl: 'content/harbor-dusk.mp4' },
  },
  {
    name: 'sticker-sheet',
    width: 600,
    height: 800,
    title: 'Sunny Sticker Sheet',
    description: 'Sticker sheet (portrait): diagonal candy bands and rings, headline band, star badge, emblem. Transparent video, packed alpha.',
    svg: () =>
      campaignPosterSvg({
        seed: 0x5e1c4e,
        width: 600,
        height: 800,
        sky: ['#ffe8f0', '#7c3aed'],
        tiles: ['#f72585', '#b5179e', '#7209b7', '#4cc9f0', '#fee440', '#00bbf9'],
        ink: '#240046',
        accent: '#fee440',
        headline: 'PEEL & STICK',
        kicker: 'SUMMER SERIES · No. 3',
        lines: ['12 STICKERS', 'POINT YOUR PHONE'],
        family: 'DejaVu Serif',
        style: 'bands',
      }),
    meta: {
      type: 'video',
      url: 'content/sticker-packed.mp4',
      alpha: { mode: 'packed', layout: 'side-by-side' },
      loop: true,
      title: 'Sunny the sticker',
      caption: 'A transparent video: the camera shows around it.',
    },
  },
  {
    name: 'weather-card',
    width: 800,
    height: 600,
    title: 'Weather Card',
    description: 'Weather promo card (landscape): overlapping sky-blue bubbles, headline band, badge, emblem. Transparent video, chroma key.',
    svg: () =>
      campaignPosterSvg({
        seed: 0x3ea7e2,
        width: 800,
        height: 600,
        sky: ['#caf0f8', '#023e8a'],
        tiles: ['#0077b6', '#00b4d8', '#90e0ef', '#ffb703', '#fb8500', '#e63946'],
        ink: '#03045e',
        accent: '#ffb703',
        headline: 'SUNNY SPELLS',
        kicker: 'YOUR WEEKEND FORECAST',
        lines: ['SAT 24° · SUN 26°', 'SCAN ME'],
        family: 'DejaVu Serif',
        style: 'bubbles',
      }),
    meta: {
      type: 'video',
      url: 'content/weather-chroma.mp4',
      alpha: { mode: 'chroma', color: '#00ff00', similarity: 0.4, smoothness: 0.08, spill: 0.1 },
      loop: true,
      title: 'Sunny spells ahead',
    },
  },
  {
    name: 'robot-radio',
    width: 600,
    height: 800,
    title: 'Robot Radio Flyer',
    description: 'Radio show flyer (portrait): warm sunburst with dots, headline band, star badge, emblem. A model with its own sound.',
    svg: () =>
      campaignPosterSvg({
        seed: 0x2ad10b,
        width: 600,
        height: 800,
        sky: ['#fff3b0', '#335c67'],
        tiles: ['#e09f3e', '#9e2a2b', '#540b0e', '#fff3b0', '#335c67', '#f4a259'],
        ink: '#1b1b1e',
        accent: '#e09f3e',
        headline: 'VOLT ON AIR',
        kicker: 'LIVE EVERY FRIDAY',
        lines: ['98.1 FM', 'TURN IT UP'],
        family: 'DejaVu Serif',
        style: 'rays',
      }),
    meta: {
      type: 'model',
      url: 'content/robot.glb',
      scale: 0.6,
      animation: 'Dance',
      loop: true,
      audio: 'content/robot-theme.mp3',
      title: 'Robot Radio',
      caption: 'Volt dances to his theme tune. Tap “Sound on” if you hear nothing.',
    },
  },
  {
    name: 'open-day',
    width: 800,
    height: 600,
    title: 'Campus Open Day',
    description: 'Open-day invitation (landscape): cool sunburst with dots, headline band, badge, emblem. Several pieces: a model, a text card and a transparent video.',
    svg: () =>
      campaignPosterSvg({
        seed: 0x0be7da,
        width: 800,
        height: 600,
        sky: ['#e0fbfc', '#3d5a80'],
        tiles: ['#3d5a80', '#98c1d9', '#e0fbfc', '#ee6c4d', '#293241', '#f4d35e'],
        ink: '#293241',
        accent: '#f4d35e',
        headline: 'CAMPUS OPEN DAY',
        kicker: 'LABS · TALKS · TOURS',
        lines: ['SATURDAY 10–16', 'ALL WELCOME'],
        family: 'DejaVu Serif',
        style: 'rays',
      }),
    meta: {
      title: 'Campus Open Day',
      items: [
        { type: 'model', url: 'content/robot.glb', animation: 'Wave', position: [-0.12, -0.05, 0], scale: 0.7 },
        { type: 'text', text: 'Welcome! Labs open 10:00–16:00', position: [0, 0.22, 0], delay: 0.4 },
        { type: 'video', url: 'content/sticker-packed.mp4', alpha: { mode: 'packed', layout: 'side-by-side' }, position: [0.14, -0.05, 0], scale: 0.5, delay: 0.8 },
      ],
      actions: [{ label: 'See the programme', url: 'https://campus.example/open-day' }],
    },
  },
  {
    name: 'ticket-stub',
    width: 800,
    height: 600,
    title: 'Robot Rally Ticket',
    description: 'Event ticket (landscape): teal-and-coral mosaic, headline band, star badge, code block. Shows calls to action.',
    svg: () =>
      campaignPosterSvg({
        seed: 0x71c4e7,
        width: 800,
        height: 600,
        sky: ['#0f5c63', '#fbd38d'],
        tiles: ['#118ab2', '#06d6a0', '#ef476f', '#ffd166', '#073b4c', '#f78c6b'],
        ink: '#14213d',
        accent: '#ffd166',
        headline: 'ROBOT RALLY',
        kicker: 'ADMIT ONE · SAT 21 JUNE',
        lines: ['GATE C · SEAT 7', 'DOORS 18:30'],
        family: 'DejaVu Serif',
      }),
    meta: {
      type: 'model',
      url: 'content/robot.glb',
      scale: 0.6,
      animation: 'Wave',
      title: 'Robot Rally',
      caption: 'Volt says hi! Doors open 18:30, Gate C.',
      actions: [
        { label: 'Get tickets', url: 'https://robot-rally.example/tickets' },
        { label: 'Wave again', action: 'replay' },
      ],
    },
  },
];

async function makeTargets(): Promise<void> {
  mkdirSync(TARGET_DIR, { recursive: true });
  for (const t of TARGETS) {
    const svg = t.svg();
    const png = path.join(TARGET_DIR, `${t.name}.png`);
    await sharp(Buffer.from(svg), { density: 72 })
      .resize(t.width, t.height)
      .flatten({ background: '#ffffff' })
      .png({ compressionLevel: 9 })
      .toFile(png);
    writeFileSync(path.join(TARGET_DIR, `${t.name}.json`), JSON.stringify(t.meta, null, 2) + '\n');
    console.log(`target  ${path.relative(ROOT, png)}  ${t.width}x${t.height}  ${statSync(png).size} B`);
  }
  writeFileSync(path.join(TARGET_DIR, 'README.md'), targetsReadme());
}

function targetsReadme(): string {
  const describe = (m: Meta): string => {
    if (m.items) return `${m.items.length} pieces: ${m.items.map((i) => (i.type === 'text' ? 'a text card' : `${String(i.type)} \`${String(i.url)}\``)).join(', ')}, entering one after the other`;
    if (m.videoUrl) return `video \`${m.videoUrl}\` (EasyAR-sample meta shape \`{"videoUrl": ...}\`)`;
    const extra = m.animation ? `, clip \`${m.animation}\`` : '';
    const actions = m.actions ? `, calls to action ${m.actions.map((a) => `"${a.label}"`).join(', ')}` : '';
    const alpha = m.alpha ? `, transparent (${m.alpha.mode === 'packed' ? `packed alpha, ${m.alpha.layout}` : `chroma key ${m.alpha.color}`})` : '';
    const audio = m.audio ? `, sound \`${m.audio}\`` : '';
    return `${m.type} \`${m.url}\`${extra}${m.title ? ` - "${m.title}"` : ''}${actions}${alpha}${audio}`;
  };
  const rows = TARGETS.map(
    (t) => `| \`${t.name}.png\` | ${t.width}x${t.height} | ${t.description} | ${describe(t.meta)} |`,
  ).join('\n');
  return `# Sample targets

Generated by \`scripts/make-assets.ts\` (\`npx tsx scripts/make-assets.ts\`), deterministically:
every picture is drawn from SVG with a seeded PRNG, nothing is downloaded. Do not edit the files by
hand; change the script and re-run it. \`npx tsx scripts/check-targets.ts\` reports how many ORB
keypoints each target gives and how well they spread over the image.

Each \`<name>.png\` is a target image; \`<name>.json\` next to it is its meta (what appears when the
target is recognised; URLs are relative to the app root, which serves \`assets/\`).

| Target | Size | What it is | Triggers |
|---|---|---|---|
${rows}

## Content (in \`assets/content/\`, also generated)

- \`robot.glb\`: "Volt", a small robot mascot (~1 unit tall, origin at its feet); clips \`Idle\`, \`Wave\`, \`Dance\`, \`Spin\`.
- \`tea-can.glb\`: the Mori Sencha tea caddy with orbiting leaves (~1 unit tall, origin at its base); clips \`Spin\`, \`Open\`.
- \`forge-promo.mp4\`: 5 s, 640x360, 25 fps, H.264 Main + a generated AAC arpeggio; loops cleanly.
- \`harbor-dusk.mp4\`: 5 s, 480x270, 24 fps, H.264 Main, no audio; loops cleanly.
- \`robot-theme.mp3\`: 4 s, mono 64 kbit/s MP3, loops; the \`robot-radio\` model's sound (meta \`audio\`).
- \`sticker-packed.mp4\`: 4 s, 640x320, 24 fps, H.264 Main, no audio; **packed alpha, side-by-side**: the
  left half is the colour (magenta where transparent, so a broken matte shows at once), the right
  half the alpha as grey (white = opaque). Shown 320x320.
- \`weather-chroma.mp4\`: 4 s, 480x270, 24 fps, H.264 Main, no audio; a sun and a cloud on a pure
  green (#00ff00) screen, for the **chroma key**.

## Using them

- **Print** a target on A4 (fit to page, keep the aspect ratio; matte paper avoids glare), or
- **show it on a second screen** (laptop / tablet, brightness up, full screen),

then point the phone at it. Keep the whole image in view at first; it can be tilted, partly hidden
or far away once it is tracked.
`;
}

// ---------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------

interface Geo {
  positions: number[];
  normals: number[];
  indices: number[];
}

/** Makes every triangle wind counter-clockwise as seen from the side its vertex normals point to. */
function fixWinding(g: Geo): Geo {
  const p = g.positions;
  const n = g.normals;
  for (let t = 0; t < g.indices.length; t += 3) {
    const [a, b, c] = [g.indices[t]!, g.indices[t + 1]!, g.indices[t + 2]!];
    const e1 = [p[b * 3]! - p[a * 3]!, p[b * 3 + 1]! - p[a * 3 + 1]!, p[b * 3 + 2]! - p[a * 3 + 2]!];
    const e2 = [p[c * 3]! - p[a * 3]!, p[c * 3 + 1]! - p[a * 3 + 1]!, p[c * 3 + 2]! - p[a * 3 + 2]!];
    const fn = [e1[1]! * e2[2]! - e1[2]! * e2[1]!, e1[2]! * e2[0]! - e1[0]! * e2[2]!, e1[0]! * e2[1]! - e1[1]! * e2[0]!];
    let dot = 0;
    for (const v of [a, b, c]) dot += fn[0]! * n[v * 3]! + fn[1]! * n[v * 3 + 1]! + fn[2]! * n[v * 3 + 2]!;
    if (dot < 0) {
      g.indices[t + 1] = c;
      g.indices[t + 2] = b;
    }
  }
  return g;
}

/** Axis-aligned box centred at (cx, cy, cz), flat-shaded (24 vertices). */
function boxGeo(w: number, h: number, d: number, cx = 0, cy = 0, cz = 0): Geo {
  const g: Geo = { positions: [], normals: [], indices: [] };
  const faces: [number[], number[], number[]][] = [
    [[1, 0, 0], [0, 0, -1], [0, 1, 0]],
    [[-1, 0, 0], [0, 0, 1], [0, 1, 0]],
    [[0, 1, 0], [1, 0, 0], [0, 0, -1]],
    [[0, -1, 0], [1, 0, 0], [0, 0, 1]],
    [[0, 0, 1], [1, 0, 0], [0, 1, 0]],
    [[0, 0, -1], [-1, 0, 0], [0, 1, 0]],
  ];
  const half = [w / 2, h / 2, d / 2];
  for (const [n, u, v] of faces) {
    const base = g.positions.length / 3;
    for (const [su, sv] of [[-1, -1], [1, -1], [1, 1], [-1, 1]] as const) {
      const pos = [0, 1, 2].map((k) => (n[k]! + u[k]! * su + v[k]! * sv) * half[k]!);
      g.positions.push(pos[0]! + cx, pos[1]! + cy, pos[2]! + cz);
      g.normals.push(n[0]!, n[1]!, n[2]!);
    }
    g.indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
  }
  return fixWinding(g);
}

/** Cylinder / cone frustum along +Y from y0 to y0 + h, smooth sides, flat caps. */
function cylinderGeo(rBottom: number, rTop: number, h: number, seg: number, y0 = 0, caps: [boolean, boolean] = [true, true]): Geo {
  const g: Geo = { positions: [], normals: [], indices: [] };
  const slope = rBottom - rTop;
  const nl = Math.hypot(h, slope);
  for (let i = 0; i <= seg; i++) {
    const a = (i / seg) * Math.PI * 2;
    const c = Math.cos(a);
    const s = Math.sin(a);
    g.positions.push(c * rBottom, y0, s * rBottom, c * rTop, y0 + h, s * rTop);
    g.normals.push((c * h) / nl, slope / nl, (s * h) / nl, (c * h) / nl, slope / nl, (s * h) / nl);
  }
  for (let i = 0; i < seg; i++) {
    const b0 = i * 2;
    g.indices.push(b0, b0 + 1, b0 + 2, b0 + 1, b0 + 3, b0 + 2);
  }
  const cap = (y: number, r: number, ny: number) => {
    const centre = g.positions.length / 3;
    g.positions.push(0, y, 0);
    g.normals.push(0, ny, 0);
    for (let i = 0; i <= seg; i++) {
      const a = (i / seg) * Math.PI * 2;
      g.positions.push(Math.cos(a) * r, y, Math.sin(a) * r);
      g.normals.push(0, ny, 0);
    }
    for (let i = 0; i < seg; i++) g.indices.push(centre, centre + 1 + i, centre + 2 + i);
  };
  if (caps[0] && rBottom > 0) cap(y0, rBottom, -1);
  if (caps[1] && rTop > 0) cap(y0 + h, rTop, 1);
  return fixWinding(g);
}

/** UV sphere centred at (cx, cy, cz). */
function sphereGeo(r: number, wSeg: number, hSeg: number, cx = 0, cy = 0, cz = 0): Geo {
  const g: Geo = { positions: [], normals: [], indices: [] };
  for (let j = 0; j <= hSeg; j++) {
    const v = (j / hSeg) * Math.PI;
    for (let i = 0; i <= wSeg; i++) {
      const u = (i / wSeg) * Math.PI * 2;
      const nx = Math.sin(v) * Math.cos(u);
      const ny = Math.cos(v);
      const nz = Math.sin(v) * Math.sin(u);
      g.positions.push(cx + nx * r, cy + ny * r, cz + nz * r);
      g.normals.push(nx, ny, nz);
    }
  }
  for (let j = 0; j < hSeg; j++) {
    for (let i = 0; i < wSeg; i++) {
      const a = j * (wSeg + 1) + i;
      const b = a + wSeg + 1;
      if (j !== 0) g.indices.push(a, b, a + 1);
      if (j !== hSeg - 1) g.indices.push(a + 1, b, b + 1);
    }
  }
  return fixWinding(g);
}

function mergeGeo(...parts: Geo[]): Geo {
  const out: Geo = { positions: [], normals: [], indices: [] };
  for (const p of parts) {
    const base = out.positions.length / 3;
    out.positions.push(...p.positions);
    out.normals.push(...p.normals);
    out.indices.push(...p.indices.map((i) => i + base));
  }
  return out;
}

/** Quaternion [x, y, z, w] from Euler angles in degrees (XYZ order, like three.js). */
function quat(xDeg: number, yDeg: number, zDeg: number): [number, number, number, number] {
  const [x, y, z] = [xDeg, yDeg, zDeg].map((d) => (d * Math.PI) / 360) as [number, number, number];
  const c1 = Math.cos(x), c2 = Math.cos(y), c3 = Math.cos(z);
  const s1 = Math.sin(x), s2 = Math.sin(y), s3 = Math.sin(z);
  return [
    s1 * c2 * c3 + c1 * s2 * s3,
    c1 * s2 * c3 - s1 * c2 * s3,
    c1 * c2 * s3 + s1 * s2 * c3,
    c1 * c2 * c3 - s1 * s2 * s3,
  ];
}

/** One animation track: target node, channel path, key times (s), key values. */
type Track = [GNode, 'translation' | 'rotation' | 'scale', number[], number[][]];

/** Small wrapper around a gltf-transform Document for building simple animated models. */
class ModelBuilder {
  readonly doc = new Document();
  private readonly buffer = this.doc.createBuffer();
  private readonly materials = new Map<string, Material>();

  material(name: string, color: [number, number, number], metallic: number, roughness: number, emissive?: [number, number, number]): Material {
    const m = this.doc
      .createMaterial(name)
      .setBaseColorFactor([color[0], color[1], color[2], 1])
      .setMetallicFactor(metallic)
      .setRoughnessFactor(roughness);
    if (emissive) m.setEmissiveFactor(emissive);
    this.materials.set(name, m);
    return m;
  }

  mesh(name: string, geo: Geo, material: Material): Mesh {
    const pos = this.doc.createAccessor(`${name}_POSITION`).setType('VEC3').setArray(new Float32Array(geo.positions)).setBuffer(this.buffer);
    const nrm = this.doc.createAccessor(`${name}_NORMAL`).setType('VEC3').setArray(new Float32Array(geo.normals)).setBuffer(this.buffer);
    const idx = this.doc.createAccessor(`${name}_INDEX`).setType('SCALAR').setArray(new Uint16Array(geo.indices)).setBuffer(this.buffer);
    const prim = this.doc.createPrimitive().setAttribute('POSITION', pos).setAttribute('NORMAL', nrm).setIndices(idx).setMaterial(material);
    return this.doc.createMesh(name).addPrimitive(prim);
  }

  node(name: string, opts: { mesh?: Mesh; t?: [number, number, number]; r?: [number, number, number, number]; s?: [number, number, number]; parent?: GNode } = {}): GNode {
    const n = this.doc.createNode(name);
    if (opts.mesh) n.setMesh(opts.mesh);
    if (opts.t) n.setTranslation(opts.t);
    if (opts.r) n.setRotation(opts.r);
    if (opts.s) n.setScale(opts.s);
    opts.parent?.addChild(n);
    return n;
  }

  /** Adds a clip made of LINEAR tracks. */
  clip(name: string, tracks: Track[]): void {
    const anim = this.doc.createAnimation(name);
    for (const [node, pathName, times, values] of tracks) {
      const input = this.doc.createAccessor(`${name}_${node.getName()}_${pathName}_t`).setType('SCALAR').setArray(new Float32Array(times)).setBuffer(this.buffer);
      const output = this.doc
        .createAccessor(`${name}_${node.getName()}_${pathName}_v`)
        .setType(pathName === 'rotation' ? 'VEC4' : 'VEC3')
        .setArray(new Float32Array(values.flat()))
        .setBuffer(this.buffer);
      const sampler = this.doc.createAnimationSampler().setInput(input).setOutput(output).setInterpolation('LINEAR');
      const channel = this.doc.createAnimationChannel().setTargetNode(node).setTargetPath(pathName).setSampler(sampler);
      anim.addSampler(sampler).addChannel(channel);
    }
  }

  async write(file: string, root: GNode): Promise<Uint8Array> {
    const scene = this.doc.createScene('Scene').addChild(root);
    this.doc.getRoot().setDefaultScene(scene);
    this.doc.getRoot().getAsset().generator = 'print-ar scripts/make-assets.ts';
    const glb = await new NodeIO().writeBinary(this.doc);
    writeFileSync(file, glb);
    return glb;
  }
}

/** Samples f at n+1 evenly spaced times over [0, duration] (first and last keys equal for loops). */
function keys(duration: number, n: number, fn: (u: number) => number[]): [number[], number[][]] {
  const times: number[] = [];
  const values: number[][] = [];
  for (let i = 0; i <= n; i++) {
    const u = i / n;
    times.push(Math.round(u * duration * 1000) / 1000);
    values.push(fn(u));
  }
  return [times, values];
}

const TAU = Math.PI * 2;

/** "Volt": a small stylised robot mascot, ~1.1 units tall, origin at its feet. Clips: Idle, Wave, Dance, Spin. */
async function makeRobot(file: string): Promise<Uint8Array> {
  const b = new ModelBuilder();
  const teal = b.material('TealMetal', [0.08, 0.7, 0.78], 0.6, 0.35);
  const white = b.material('WhitePlastic', [0.93, 0.93, 0.96], 0.0, 0.45);
  const dark = b.material('DarkGlass', [0.04, 0.03, 0.08], 0.2, 0.1);
  const magenta = b.material('MagentaGlow', [1.0, 0.18, 0.6], 0.0, 0.5, [1.0, 0.1, 0.55]);
  const cyan = b.material('CyanGlow', [0.25, 0.95, 1.0], 0.0, 0.3, [0.2, 0.9, 1.0]);
  const yellow = b.material('YellowGlow', [1.0, 0.86, 0.2], 0.0, 0.4, [1.0, 0.75, 0.1]);
  const steel = b.material('Steel', [0.55, 0.57, 0.62], 1.0, 0.3);

  // built ~1.26 units tall (antenna included); scaled to ~1 unit at the root
  const root = b.node('Volt', { s: [0.8, 0.8, 0.8] });
  // legs and feet (static, children of the root)
  const legMesh = b.mesh('Leg', mergeGeo(cylinderGeo(0.05, 0.045, 0.32, 16, 0.05), boxGeo(0.13, 0.06, 0.2, 0, 0.03, 0.03)), steel);
  b.node('LegL', { mesh: legMesh, t: [-0.11, 0, 0], parent: root });
  b.node('LegR', { mesh: legMesh, t: [0.11, 0, 0], parent: root });
  // body (bobs)
  const hips = b.node('Hips', { t: [0, 0.34, 0], parent: root });
  b.node('Body', { mesh: b.mesh('Body', boxGeo(0.44, 0.4, 0.3, 0, 0.2, 0), teal), parent: hips });
  b.node('Belt', { mesh: b.mesh('Belt', boxGeo(0.46, 0.06, 0.32, 0, 0.03, 0), white), parent: hips });
  b.node('Screen', { mesh: b.mesh('Screen', boxGeo(0.24, 0.13, 0.02, 0, 0.25, 0.155), dark), parent: hips });
  b.node('Heart', { mesh: b.mesh('Heart', sphereGeo(0.035, 16, 10, 0, 0.25, 0.165), magenta), parent: hips });
  const buttonMesh = b.mesh('Button', sphereGeo(0.018, 10, 6), yellow);
  for (const [i, x] of [-0.06, 0, 0.06].entries()) b.node(`Button${i}`, { mesh: buttonMesh, t: [x, 0.13, 0.152], parent: hips });
  // head
  const head = b.node('Head', { t: [0, 0.4, 0], parent: hips });
  b.node('Neck', { mesh: b.mesh('Neck', cylinderGeo(0.06, 0.06, 0.05, 16, -0.01), steel), parent: head });
  b.node('Skull', { mesh: b.mesh('Skull', boxGeo(0.38, 0.28, 0.3, 0, 0.18, 0), white), parent: head });
  b.node('Visor', { mesh: b.mesh('Visor', boxGeo(0.3, 0.12, 0.02, 0, 0.19, 0.155), dark), parent: head });
  const eyeMesh = b.mesh('Eye', sphereGeo(0.032, 16, 10), cyan);
  b.node('EyeL', { mesh: eyeMesh, t: [-0.07, 0.19, 0.165], s: [1, 1, 0.5], parent: head });
  b.node('EyeR', { mesh: eyeMesh, t: [0.07, 0.19, 0.165], s: [1, 1, 0.5], parent: head });
  const earMesh = b.mesh('Ear', cylinderGeo(0.06, 0.045, 0.05, 16, 0), teal);
  b.node('EarL', { mesh: earMesh, t: [-0.19, 0.18, 0], r: quat(0, 0, 90), parent: head });
  b.node('EarR', { mesh: earMesh, t: [0.19, 0.18, 0], r: quat(0, 0, -90), parent: head });
  b.node('Antenna', { mesh: b.mesh('Antenna', cylinderGeo(0.012, 0.01, 0.14, 8, 0.32), steel), parent: head });
  const tip = b.node('AntennaTip', { mesh: b.mesh('AntennaTip', sphereGeo(0.04, 16, 10), yellow), t: [0, 0.48, 0], parent: head });
  // arms pivot at the shoulders
  const armGeo = mergeGeo(sphereGeo(0.055, 12, 8), cylinderGeo(0.045, 0.04, 0.26, 12, -0.3));
  const armMesh = b.mesh('Arm', armGeo, teal);
  const handMesh = b.mesh('Hand', sphereGeo(0.065, 14, 10, 0, -0.34, 0), white);
  const armL = b.node('ArmL', { mesh: armMesh, t: [-0.27, 0.34, 0], parent: hips });
  const armR = b.node('ArmR', { mesh: armMesh, t: [0.27, 0.34, 0], parent: hips });
  b.node('HandL', { mesh: handMesh, parent: armL });
  b.node('HandR', { mesh: handMesh, parent: armR });

  const s = Math.sin;
  // Idle: gentle breathing bob, look around, antenna pulse, arms sway (2 s loop)
  b.clip('Idle', [
    [hips, 'translation', ...keys(2, 16, (u) => [0, 0.34 + 0.02 * s(u * TAU), 0])],
    [head, 'rotation', ...keys(2, 16, (u) => quat(3 * s(u * TAU), 12 * s(u * TAU), 4 * s(u * TAU * 2)))],
    [tip, 'scale', ...keys(2, 16, (u) => { const k = 1 + 0.3 * Math.max(0, s(u * TAU * 2)); return [k, k, k]; })],
    [armL, 'rotation', ...keys(2, 16, (u) => quat(8 * s(u * TAU), 0, -6))],
    [armR, 'rotation', ...keys(2, 16, (u) => quat(-8 * s(u * TAU), 0, 6))],
  ]);
  // Wave: right arm up and waving (1.6 s loop)
  b.clip('Wave', [
    [armR, 'rotation', ...keys(1.6, 16, (u) => quat(0, 0, 140 + 25 * s(u * TAU * 2)))],
    [armL, 'rotation', ...keys(1.6, 16, () => quat(0, 0, -6))],
    [head, 'rotation', ...keys(1.6, 16, (u) => quat(0, 10, -8 + 4 * s(u * TAU)))],
    [hips, 'translation', ...keys(1.6, 16, (u) => [0, 0.34 + 0.012 * s(u * TAU * 2), 0])],
  ]);
  // Dance: bounce, twist, arms pumping, antenna flashing (2 s loop, 120 bpm)
  b.clip('Dance', [
    [root, 'rotation', ...keys(2, 24, (u) => quat(0, 25 * s(u * TAU), 0))],
    [hips, 'translation', ...keys(2, 24, (u) => [0.03 * s(u * TAU), 0.34 + 0.035 * Math.abs(s(u * TAU * 2)), 0])],
    [head, 'rotation', ...keys(2, 24, (u) => quat(0, -15 * s(u * TAU), 12 * s(u * TAU * 2)))],
    [armL, 'rotation', ...keys(2, 24, (u) => quat(0, 0, -30 - 60 * Math.max(0, s(u * TAU * 2))))],
    [armR, 'rotation', ...keys(2, 24, (u) => quat(0, 0, 30 + 60 * Math.max(0, -s(u * TAU * 2))))],
    [tip, 'scale', ...keys(2, 24, (u) => { const k = 1 + 0.5 * Math.abs(s(u * TAU * 4)); return [k, k, k]; })],
  ]);
  // Spin: a full turn on the spot with a little hop (2 s loop)
  b.clip('Spin', [
    [root, 'rotation', ...keys(2, 8, (u) => quat(0, 360 * u, 0))],
    [hips, 'translation', ...keys(2, 8, (u) => [0, 0.34 + 0.05 * s(u * Math.PI), 0])],
    [armL, 'rotation', ...keys(2, 8, (u) => quat(0, 0, -70 * s(u * Math.PI)))],
    [armR, 'rotation', ...keys(2, 8, (u) => quat(0, 0, 70 * s(u * Math.PI)))],
  ]);
  return b.write(file, root);
}

/** "Mori Sencha" tea caddy, ~0.95 units tall, origin at its base. Clips: Spin, Open. */
async function makeTeaCan(file: string): Promise<Uint8Array> {
  const b = new ModelBuilder();
  const green = b.material('LacquerGreen', [0.07, 0.3, 0.2], 0.55, 0.28);
  const cream = b.material('PaperLabel', [0.95, 0.9, 0.78], 0.0, 0.7);
  const gold = b.material('Gold', [1.0, 0.76, 0.33], 1.0, 0.22);
  const red = b.material('SealRed', [0.78, 0.16, 0.12], 0.0, 0.5);
  const leafMat = b.material('TeaLeaf', [0.35, 0.68, 0.3], 0.0, 0.55, [0.05, 0.15, 0.03]);
  const SEG = 48;

  const root = b.node('TeaCan');
  const can = b.node('Can', { parent: root });
  b.node('Body', { mesh: b.mesh('Body', cylinderGeo(0.3, 0.3, 0.7, SEG, 0.03), green), parent: can });
  b.node('Base', { mesh: b.mesh('Base', cylinderGeo(0.29, 0.3, 0.03, SEG, 0), gold), parent: can });
  b.node('Label', { mesh: b.mesh('Label', cylinderGeo(0.304, 0.304, 0.3, SEG, 0.2, [false, false]), cream), parent: can });
  const ringGeo = mergeGeo(cylinderGeo(0.309, 0.309, 0.022, SEG, 0.19, [false, false]), cylinderGeo(0.309, 0.309, 0.022, SEG, 0.49, [false, false]));
  b.node('Rings', { mesh: b.mesh('Rings', ringGeo, gold), parent: can });
  // front emblem: red sun disc + a gold leaf
  b.node('Seal', { mesh: b.mesh('Seal', cylinderGeo(0.085, 0.085, 0.012, 32, 0), red), t: [0, 0.38, 0.3], r: quat(90, 0, 0), parent: can });
  const leafMesh = b.mesh('Leaf', sphereGeo(1, 16, 8), leafMat);
  b.node('LabelLeaf', { mesh: leafMesh, t: [0.02, 0.3, 0.31], r: quat(0, 0, -35), s: [0.03, 0.07, 0.008], parent: can });
  // lid with knob
  const lid = b.node('Lid', { t: [0, 0.71, 0], parent: can });
  b.node('LidShell', { mesh: b.mesh('LidShell', cylinderGeo(0.312, 0.312, 0.14, SEG, 0), gold), parent: lid });
  b.node('LidTop', { mesh: b.mesh('LidTop', cylinderGeo(0.3, 0.1, 0.05, SEG, 0.14), gold), parent: lid });
  b.node('Knob', { mesh: b.mesh('Knob', sphereGeo(0.06, 20, 12, 0, 0.2, 0), red), parent: lid });
  // three tea leaves orbiting the caddy
  const orbit = b.node('LeafOrbit', { parent: root });
  const leaves: GNode[] = [];
  for (let i = 0; i < 3; i++) {
    const a = (i / 3) * TAU;
    const pivot = b.node(`LeafPivot${i}`, { t: [Math.cos(a) * 0.46, 0.45 + i * 0.14, Math.sin(a) * 0.46], r: quat(0, (-a * 180) / Math.PI, 0), parent: orbit });
    leaves.push(b.node(`Leaf${i}`, { mesh: leafMesh, r: quat(70, 0, 20), s: [0.045, 0.1, 0.012], parent: pivot }));
  }

  const s = Math.sin;
  // Spin: the caddy turns once, hovers a little; the leaves orbit the other way and flutter (3 s loop)
  b.clip('Spin', [
    [can, 'rotation', ...keys(3, 12, (u) => quat(0, 360 * u, 0))],
    [can, 'translation', ...keys(3, 12, (u) => [0, 0.03 * (1 - Math.cos(u * TAU)), 0])],
    [orbit, 'rotation', ...keys(3, 12, (u) => quat(0, -360 * u, 0))],
    ...leaves.map((leafNode, i): Track => [leafNode, 'rotation', ...keys(3, 12, (u) => quat(70 + 25 * s(u * TAU * 2 + i), 0, 20 + 20 * s(u * TAU + i)))]),
  ]);
  // Open: squash, the lid pops up and twists, then settles (2 s loop)
  const ease = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x * x * (3 - 2 * x));
  b.clip('Open', [
    [can, 'scale', ...keys(2, 20, (u) => { const k = 0.06 * s(Math.min(1, u / 0.2) * Math.PI); return [1 + k, 1 - k, 1 + k]; })],
    [lid, 'translation', ...keys(2, 20, (u) => [0, 0.71 + 0.22 * (ease((u - 0.15) / 0.25) - ease((u - 0.7) / 0.25)), 0])],
    [lid, 'rotation', ...keys(2, 20, (u) => quat(0, 90 * (ease((u - 0.15) / 0.25) - ease((u - 0.7) / 0.25)), 0))],
    [orbit, 'scale', ...keys(2, 20, (u) => { const k = 0.6 + 0.4 * s(u * Math.PI); return [k, 1, k]; })],
  ]);
  return b.write(file, root);
}

/** Parses a GLB back (gltf-transform and three.js GLTFLoader) and returns a short summary. */
async function verifyGlb(file: string, glb: Uint8Array): Promise<string> {
  const doc = await new NodeIO().readBinary(glb);
  const clips = doc.getRoot().listAnimations().map((a) => a.getName());
  const meshes = doc.getRoot().listMeshes().length;
  const { GLTFLoader } = await import('three/examples/jsm/loaders/GLTFLoader.js');
  const { Box3 } = await import('three');
  const ab = glb.buffer.slice(glb.byteOffset, glb.byteOffset + glb.byteLength) as ArrayBuffer;
  const gltf = await new Promise<{ animations: { name: string; duration: number }[]; scene: import('three').Object3D }>((resolve, reject) =>
    new GLTFLoader().parse(ab, '', (g) => resolve(g as never), reject),
  );
  if (gltf.animations.length === 0) throw new Error(`${file}: three.js found no animations`);
  const box = new Box3().setFromObject(gltf.scene);
  const size = box.max.clone().sub(box.min);
  return `${path.relative(ROOT, file)}  ${glb.byteLength} B  meshes ${meshes}  clips ${clips.join(', ')}  ` +
    `(three: ${gltf.animations.map((a) => `${a.name} ${a.duration.toFixed(1)}s`).join(', ')})  ` +
    `size ${size.x.toFixed(2)} x ${size.y.toFixed(2)} x ${size.z.toFixed(2)}, min y ${box.min.y.toFixed(2)}`;
}

async function makeModels(): Promise<void> {
  mkdirSync(CONTENT_DIR, { recursive: true });
  for (const [name, make] of [['robot.glb', makeRobot], ['tea-can.glb', makeTeaCan]] as const) {
    const file = path.join(CONTENT_DIR, name);
    const glb = await make(file);
    console.log('model   ' + (await verifyGlb(file, glb)));
  }
}

// ---------------------------------------------------------------------------------------------
// Videos
// ---------------------------------------------------------------------------------------------

/** Integer hash -> [0, 1): stateless randomness for per-frame effects (frame order independent). */
function hash01(...ints: number[]): number {
  let h = 0x811c9dc5;
  for (const i of ints) {
    h ^= i | 0;
    h = Math.imul(h, 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return (h >>> 0) / 4294967296;
}

interface Clip {
  file: string;
  width: number;
  height: number;
  fps: number;
  seconds: number;
  frame: (t: number, u: number) => string;
  /** ffmpeg lavfi audio source (commas escaped), or none. */
  audio?: string;
}

async function encodeClip(clip: Clip): Promise<void> {
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${clip.width}x${clip.height}`, '-r', String(clip.fps), '-i', 'pipe:0'];
  if (clip.audio) args.push('-f', 'lavfi', '-i', clip.audio);
  args.push('-map', '0:v');
  if (clip.audio) args.push('-map', '1:a');
  args.push('-c:v', 'libx264', '-profile:v', 'main', '-level', '3.1', '-pix_fmt', 'yuv420p', '-preset', 'slow', '-crf', '28', '-maxrate', '480k', '-bufsize', '1M', '-g', String(clip.fps * 2), '-threads', '1');
  if (clip.audio) args.push('-c:a', 'aac', '-b:a', '48k', '-ac', '1', '-ar', '44100');
  else args.push('-an');
  args.push('-t', String(clip.seconds), '-movflags', '+faststart', '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact', clip.file);
  const ff = spawn('ffmpeg', args, { stdio: ['pipe', 'inherit', 'inherit'] });
  const done = new Promise<void>((resolve, reject) => {
    ff.on('error', reject);
    ff.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}`))));
  });
  const frames = Math.round(clip.seconds * clip.fps);
  for (let i = 0; i < frames; i++) {
    const t = i / clip.fps;
    const raw = await sharp(Buffer.from(clip.frame(t, t / clip.seconds))).removeAlpha().raw().toBuffer();
    if (!ff.stdin.write(raw)) await new Promise((r) => ff.stdin.once('drain', r));
  }
  ff.stdin.end();
  await done;
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
const smooth = (x: number) => {
  const c = clamp01(x);
  return c * c * (3 - 2 * c);
};

/** Booth promo: shimmering low-poly backdrop, spinning logo, titles sliding in, rising sparks. */
function forgePromoClip(file: string): Clip {
  const W = 640;
  const H = 360;
  const T = 5;
  const rng = new Rng(0xf0a6e);
  const cols = 10;
  const rows = 6;
  const pts: [number, number][][] = [];
  for (let j = 0; j <= rows; j++) {
    const row: [number, number][] = [];
    for (let i = 0; i <= cols; i++) {
      const x = (i / cols) * W + (i > 0 && i < cols ? rng.range(-0.35, 0.35) * (W / cols) : 0);
      const y = (j / rows) * H + (j > 0 && j < rows ? rng.range(-0.35, 0.35) * (H / rows) : 0);
      row.push([x, y]);
    }
    pts.push(row);
  }
  const tris: { d: string; t: number; k: number; phase: number }[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const p00 = pts[j]![i]!, p10 = pts[j]![i + 1]!, p01 = pts[j + 1]![i]!, p11 = pts[j + 1]![i + 1]!;
      const quads = (i + j) % 2 ? [[p00, p10, p11], [p00, p11, p01]] : [[p00, p10, p01], [p10, p11, p01]];
      for (const q of quads) {
        const cx = (q[0]![0] + q[1]![0] + q[2]![0]) / 3;
        const cy = (q[0]![1] + q[1]![1] + q[2]![1]) / 3;
        tris.push({ d: `M${q.map((p) => `${f(p[0])},${f(p[1])}`).join('L')}Z`, t: clamp01((cx / W) * 0.7 + (cy / H) * 0.5 - 0.1), k: rng.range(0.7, 1.25), phase: rng.range(0, TAU) });
      }
    }
  }
  const sparks = Array.from({ length: 40 }, () => ({ x: rng.range(0, W), y: rng.range(0, H), laps: rng.int(1, 3), size: rng.range(2, 6), c: rng.pick(['#ffb21a', '#ffffff', '#5ff3ff']) }));
  const c0: [number, number, number] = [8, 28, 80];
  const c1: [number, number, number] = [14, 150, 170];
  const c2: [number, number, number] = [90, 40, 150];
  const hexPts = (r: number) => Array.from({ length: 6 }, (_, i) => `${f(Math.cos(Math.PI / 6 + (i * Math.PI) / 3) * r)},${f(Math.sin(Math.PI / 6 + (i * Math.PI) / 3) * r)}`).join(' ');

  const frame = (t: number, u: number): string => {
    const out: string[] = [`<defs><linearGradient id="o" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#ff5e1a"/><stop offset="1" stop-color="#ffb21a"/></linearGradient></defs>`];
    for (const tr of tris) {
      const base = tr.t < 0.5 ? mix(c0, c1, tr.t * 2) : mix(c1, c2, (tr.t - 0.5) * 2);
      const k = tr.k * (1 + 0.18 * Math.sin(u * TAU + tr.phase));
      const col = rgb([base[0] * k, base[1] * k, base[2] * k]);
      out.push(`<path d="${tr.d}" fill="${col}" stroke="${col}" stroke-width="0.8"/>`);
    }
    // light sweep
    const sx = -200 + u * (W + 400);
    out.push(`<polygon points="${f(sx)},0 ${f(sx + 60)},0 ${f(sx - 60)},${H} ${f(sx - 120)},${H}" fill="#ffffff" opacity="0.08"/>`);
    for (const sp of sparks) {
      const y = (((sp.y - u * sp.laps * H) % H) + H) % H;
      const x = sp.x + 8 * Math.sin(u * TAU * sp.laps + sp.x);
      out.push(`<g transform="translate(${f(x)},${f(y)}) rotate(${f(u * 360 * sp.laps)})"><path d="${starPath(sp.size, 4, 0.3)}" fill="${sp.c}" opacity="0.85"/></g>`);
    }
    const fadeOut = 1 - smooth((t - 4.45) / 0.5);
    // logo
    const logoIn = smooth(t / 0.6) * fadeOut;
    const sc = 0.6 + 0.4 * logoIn;
    out.push(`<g transform="translate(120,150) scale(${f2(sc)}) rotate(${f(u * 360)})" opacity="${f2(logoIn)}"><polygon points="${hexPts(70)}" fill="url(#o)" stroke="#fff" stroke-width="6"/><polygon points="${hexPts(48)}" fill="#071433"/></g>`);
    out.push(`<g transform="translate(120,150) scale(${f2(sc)})" opacity="${f2(logoIn)}"><path d="M-29,8H29L19,20H7V30H-9V20H-19Z M-23,-4H23V4H-23Z" fill="#fff"/><path d="M0,-32L5,-16H-5Z M-17,-24L-5,-12L-11,-10Z M17,-24L5,-12L11,-10Z" fill="#ffb21a"/></g>`);
    // titles
    const a1 = smooth((t - 0.3) / 0.6) * fadeOut;
    out.push(`<g transform="translate(${f(-80 * (1 - a1))},0)" opacity="${f2(a1)}">` +
      text(218, 150, 'FORGE', { size: 96, weight: 'bold', family: 'URW Gothic', fill: '#ffffff', stroke: '#071433', strokeWidth: 4, spacing: 3 }) + `</g>`);
    const a2 = smooth((t - 0.8) / 0.5) * fadeOut;
    out.push(`<g opacity="${f2(a2)}">` + text(222, 198, 'EXPO 2025', { size: 42, weight: 'bold', family: 'URW Gothic', fill: '#ffb21a', stroke: '#071433', strokeWidth: 3, spacing: Math.round(9 + 6 * (1 - a2)) }) + `</g>`);
    // band with the booth number
    const a3 = smooth((t - 1.8) / 0.5) * fadeOut;
    const bandX = -W + a3 * W;
    out.push(`<g transform="translate(${f(bandX)},0)"><polygon points="0,262 ${W},236 ${W},300 0,326" fill="url(#o)"/>` +
      text(W / 2, 295, 'HALL B  ·  BOOTH 42', { size: 34, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#071433', transform: `rotate(-2.3 ${W / 2} 281)`, spacing: 2 }) + `</g>`);
    const a4 = smooth((t - 2.8) / 0.4) * fadeOut;
    const pop = 1 + 0.25 * Math.sin(clamp01((t - 2.8) / 0.4) * Math.PI);
    out.push(`<g transform="translate(560,70) scale(${f2(pop)}) rotate(12)" opacity="${f2(a4)}"><circle r="46" fill="#ffffff"/><circle r="40" fill="none" stroke="#ff5e1a" stroke-width="3" stroke-dasharray="6 4"/>` +
      text(0, -6, 'LIVE', { size: 22, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#071433' }) +
      text(0, 16, 'DEMOS', { size: 14, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#ff5e1a' }) + `</g>`);
    const a5 = smooth((t - 3.2) / 0.5) * fadeOut;
    out.push(`<g opacity="${f2(a5)}">` + text(W / 2, 350, '12–14 SEPT · MESSE NORD · forge-expo.example', { size: 15, weight: 'bold', family: 'DejaVu Sans Mono', anchor: 'middle', fill: '#e8f7ff' }) + `</g>`);
    return svgDoc(W, H, out.join(''));
  };
  // A bright arpeggio (C-E-G-C, four notes a second) over a soft pulsing pad, faded in and out.
  const note = 'mod(floor(t*4)\\,4)';
  const semis = `if(lt(${note}\\,1)\\,0\\,if(lt(${note}\\,2)\\,4\\,if(lt(${note}\\,3)\\,7\\,12)))`;
  const expr = `0.22*exp(-9*mod(t\\,0.25))*sin(2*PI*t*523.25*pow(2\\,(${semis})/12))+0.07*sin(2*PI*130.81*t)*(0.7+0.3*sin(2*PI*2*t))+0.05*sin(2*PI*196*t)`;
  const audio = `aevalsrc=exprs=${expr}:s=44100:d=${T},afade=t=in:d=0.15,afade=t=out:st=${T - 0.5}:d=0.5`;
  return { file, width: W, height: H, fps: 25, seconds: T, frame, audio };
}

/** Postcard clip: dusk over the bay; windows twinkle, water shimmers, boats drift, a balloon floats by. */
function harborDuskClip(file: string): Clip {
  const W = 480;
  const H = 270;
  const T = 5;
  const horizon = 180;
  const rng = new Rng(0x4a7b0e);
  const sky = `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2c2a6a"/><stop offset="0.4" stop-color="#7b4b9a"/><stop offset="0.75" stop-color="#ff6f91"/><stop offset="1" stop-color="#ffb36b"/></linearGradient>` +
    `<linearGradient id="water" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#5a3f82"/><stop offset="1" stop-color="#1b1740"/></linearGradient>` +
    `<radialGradient id="sun" cx="0.5" cy="0.5" r="0.5"><stop offset="0" stop-color="#fff2b0"/><stop offset="0.7" stop-color="#ffd166"/><stop offset="1" stop-color="#ff9f5a"/></radialGradient></defs>` +
    `<rect width="${W}" height="${horizon}" fill="url(#sky)"/>`;
  const clouds = Array.from({ length: 6 }, () => ({ x: rng.range(0, W), y: rng.range(20, 110), s: rng.range(0.5, 1), blobs: Array.from({ length: 5 }, () => [rng.range(-40, 40), rng.range(-8, 4), rng.range(14, 28), rng.range(7, 13)]) }));
  // buildings (static) and their windows (twinkling)
  const buildings: string[] = [];
  const windows: { x: number; y: number; w: number; h: number; id: number }[] = [];
  const backdrop = (hMin: number, hMax: number, colors: string[], withWindows: boolean) => {
    let x = 0;
    while (x < W) {
      const w = rng.range(22, 50);
      const h = rng.range(hMin, hMax);
      const top = horizon - h;
      const col = rng.pick(colors);
      buildings.push(`<rect x="${f(x)}" y="${f(top)}" width="${f(w)}" height="${f(h + 1)}" fill="${col}"/>`);
      if (rng.chance(0.3)) buildings.push(`<path d="M${f(x + w / 2)},${f(top - rng.range(15, 35))}V${f(top)}" stroke="${col}" stroke-width="2"/>`);
      if (withWindows) {
        for (let wy = top + 6; wy < horizon - 8; wy += 9) {
          for (let wx = x + 4; wx < x + w - 7; wx += 7) {
            if (rng.chance(0.45)) windows.push({ x: wx, y: wy, w: 3.5, h: 5, id: windows.length });
          }
        }
      }
      x += w + rng.range(-4, 2);
    }
  };
  backdrop(40, 110, ['#8a5aa8', '#9a68b0'], false);
  backdrop(25, 100, ['#2f2458', '#3a2c66', '#271d4c'], true);
  const lighthouse = `<path d="M24,${horizon}L31,122H45L52,${horizon}Z" fill="#f4f1ea"/><path d="M28,158H48L49,166H27Z M30,138H46L47,146H29Z" fill="#d9455f"/><rect x="30" y="112" width="16" height="10" fill="#ffe08a"/><path d="M27,112L38,100L49,112Z" fill="#d9455f"/>`;
  const dashes = Array.from({ length: 90 }, () => {
    const y = rng.range(horizon + 3, H - 3);
    const near = (y - horizon) / (H - horizon);
    return { x: rng.range(0, W), y, len: rng.range(6, 24) * (0.6 + near), w: 1 + near * 2, phase: rng.range(0, TAU), c: rng.pick(['#ffd166', '#fff2b0', '#ff6f91', '#b48ad8']), sun: rng.chance(0.45) };
  });
  const boat = (c: string) => `<path d="M-22,0H22L16,9H-16Z" fill="#f4f1ea"/><path d="M0,-3V-50L19,-4Z" fill="#ffffff"/><path d="M-2,-6V-42L-17,-6Z" fill="${c}"/>`;

  const frame = (t: number, u: number): string => {
    const out: string[] = [sky];
    out.push(`<circle cx="330" cy="${f(112 + 6 * Math.sin(u * TAU))}" r="40" fill="url(#sun)"/>`);
    for (const c of clouds) {
      const x = ((c.x + u * W) % (W + 120)) - 60;
      out.push(`<g transform="translate(${f(x)},${f(c.y)}) scale(${f2(c.s)})" opacity="0.9">${c.blobs.map((b) => `<ellipse cx="${f(b[0]!)}" cy="${f(b[1]!)}" rx="${f(b[2]!)}" ry="${f(b[3]!)}" fill="#ffc2b3"/>`).join('')}</g>`);
    }
    // balloon drifting up and across
    const bx = 60 + u * 360;
    const by = 90 - 25 * Math.sin(u * Math.PI);
    out.push(`<g transform="translate(${f(bx)},${f(by)}) scale(0.6)"><ellipse rx="26" ry="30" fill="#d9455f"/><ellipse rx="12" ry="30" fill="#fdf6e3"/><ellipse rx="4" ry="30" fill="#ffd166"/><path d="M-8,28L-5,40M8,28L5,40" stroke="#2c2a6a" stroke-width="1.5"/><rect x="-6" y="40" width="12" height="9" fill="#6b4b3a"/></g>`);
    out.push(buildings.join(''));
    const slot = Math.floor(t * 4);
    const win: string[] = [];
    for (const w of windows) {
      if (hash01(w.id, slot) < 0.85) win.push(`M${f(w.x)},${f(w.y)}h${w.w}v${w.h}h-${w.w}Z`);
    }
    out.push(`<path d="${win.join('')}" fill="#ffd27a"/>`);
    out.push(lighthouse);
    // sweeping lighthouse beam
    const beam = Math.sin(u * TAU);
    out.push(`<path d="M46,117L${f(46 + 150 * Math.abs(beam) + 10)},${f(106 + 10 * beam)}L${f(46 + 150 * Math.abs(beam) + 10)},${f(128 + 10 * beam)}Z" fill="#fff3c4" opacity="${f(0.2 + 0.3 * Math.abs(beam))}"/>`);
    out.push(`<rect x="0" y="${horizon}" width="${W}" height="${H - horizon}" fill="url(#water)"/>`);
    for (const d of dashes) {
      const x = d.sun ? 330 + (d.x / W - 0.5) * 120 * (1 + (d.y - horizon) / 60) + 6 * Math.sin(u * TAU * 2 + d.phase) : d.x + 8 * Math.sin(u * TAU + d.phase);
      const op = 0.45 + 0.4 * Math.sin(u * TAU * 3 + d.phase);
      out.push(`<path d="M${f(x)},${f(d.y)}h${f(d.len)}" stroke="${d.sun ? d.c : '#ffe08a'}" stroke-width="${f(d.w)}" opacity="${f2(op)}" stroke-linecap="round"/>`);
    }
    const b1x = ((110 + u * W) % (W + 80)) - 40;
    const b2x = ((400 - u * W + (W + 80) * 2) % (W + 80)) - 40;
    out.push(`<g transform="translate(${f(b1x)},${f(215 + 2 * Math.sin(u * TAU * 3))}) rotate(${f(3 * Math.sin(u * TAU * 3))})">${boat('#ff6f91')}</g>`);
    out.push(`<g transform="translate(${f(b2x)},${f(240 + 2 * Math.sin(u * TAU * 2 + 1))}) scale(-0.8,0.8)">${boat('#4e9ad1')}</g>`);
    // title card
    const a = smooth(t / 0.8) * (1 - smooth((t - 4.3) / 0.6));
    out.push(`<g opacity="${f2(a)}">` +
      text(240, 52, 'Greetings from', { size: 30, family: 'Z003', anchor: 'middle', fill: '#ffffff', stroke: '#2c2a6a', strokeWidth: 3 }) +
      text(240, 98, 'HARBOR CITY', { size: 46, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#ffd166', stroke: '#2c2a6a', strokeWidth: 5, spacing: 2 }) + `</g>`);
    return svgDoc(W, H, out.join(''));
  };
  return { file, width: W, height: H, fps: 24, seconds: T, frame };
}

/**
 * Packed alpha, side-by-side: colour left, matte right (white = opaque). A sticker (disc with a
 * turning star ring) and three orbiting sparkles; outside them the colour half is magenta, which
 * must never be seen (the e2e test reads pixels to check it).
 */
function stickerPackedClip(file: string): Clip {
  const S = 320;
  const T = 4;
  const frame = (_t: number, u: number): string => {
    const shapes = (paint: (fill: string) => string): string => {
      const out: string[] = [];
      out.push(`<circle cx="${S / 2}" cy="${S / 2}" r="112" fill="${paint('#ffd23f')}"/>`);
      out.push(`<g transform="translate(${S / 2},${S / 2}) rotate(${f(u * 360)})"><path d="${starPath(96, 8, 0.72)}" fill="${paint('#ff7b00')}"/></g>`);
      out.push(`<circle cx="${S / 2}" cy="${S / 2}" r="52" fill="${paint('#ffd23f')}"/>`);
      for (let k = 0; k < 3; k++) {
        const a = u * TAU + (k * TAU) / 3;
        out.push(`<g transform="translate(${f(S / 2 + Math.cos(a) * 138)},${f(S / 2 + Math.sin(a) * 138)}) rotate(${f(u * 720)})"><path d="${starPath(16, 4, 0.35)}" fill="${paint('#ffffff')}"/></g>`);
      }
      return out.join('');
    };
    const colour = `<rect width="${S}" height="${S}" fill="#ff00ff"/>` + shapes((c) => c) +
      text(S / 2, S / 2 + 12, 'HI!', { size: 36, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#7a2e00' });
    const matte = `<rect width="${S}" height="${S}" fill="#000000"/>` + shapes(() => '#ffffff');
    return svgDoc(2 * S, S, `${colour}<g transform="translate(${S},0)">${matte}</g>`);
  };
  return { file, width: 2 * S, height: S, fps: 24, seconds: T, frame };
}

/** Chroma key: a bobbing sun behind a white cloud, on a pure green screen (#00ff00). */
function weatherChromaClip(file: string): Clip {
  const W = 480;
  const H = 270;
  const T = 4;
  const frame = (_t: number, u: number): string => {
    const out: string[] = [`<rect width="${W}" height="${H}" fill="#00ff00"/>`];
    const sy = 100 - 18 * Math.sin(u * TAU);
    out.push(`<g transform="translate(290,${f(sy)}) rotate(${f(u * 90)})">`);
    for (let k = 0; k < 12; k++) out.push(`<path d="M0,-62L7,-80L-7,-80Z" fill="#ffb703" transform="rotate(${k * 30})"/>`);
    out.push(`<circle r="54" fill="#ffb703"/></g>`);
    out.push(`<g transform="translate(${f(W / 2 + 6 * Math.sin(u * TAU * 2))},150)"><ellipse cx="-70" cy="20" rx="60" ry="42" fill="#f4f7ff"/><ellipse cx="0" cy="-5" rx="78" ry="62" fill="#f4f7ff"/><ellipse cx="75" cy="22" rx="58" ry="40" fill="#f4f7ff"/><rect x="-120" y="20" width="240" height="44" rx="22" fill="#f4f7ff"/></g>`);
    out.push(text(W / 2, 248, '24°  SUNNY SPELLS', { size: 24, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#03045e' }));
    return svgDoc(W, H, out.join(''));
  };
  return { file, width: W, height: H, fps: 24, seconds: T, frame };
}

/**
 * A model's sound (meta "audio"): a 4 s robot-ish loop, a bouncing square-ish bass under a bleepy
 * two-note melody, generated by ffmpeg's expression source and encoded as MP3 (plays everywhere).
 */
async function makeSounds(): Promise<void> {
  mkdirSync(CONTENT_DIR, { recursive: true });
  const file = path.join(CONTENT_DIR, 'robot-theme.mp3');
  const T = 4;
  const beat = 'mod(t\\,0.5)';
  const melody = `if(lt(mod(t\\,1)\\,0.5)\\,784\\,659.25)`;
  const expr = `0.18*exp(-6*${beat})*sin(2*PI*t*${melody})+0.12*tanh(4*sin(2*PI*98*t))*exp(-3*${beat})+0.04*sin(2*PI*196*t)`;
  const source = `aevalsrc=exprs=${expr}:s=44100:d=${T}`;
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', source, '-c:a', 'libmp3lame', '-b:a', '64k', '-ac', '1', '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:a', '+bitexact', file];
  const ff = spawn('ffmpeg', args, { stdio: ['ignore', 'inherit', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    ff.on('error', reject);
    ff.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}`))));
  });
  console.log(`sound   ${path.relative(ROOT, file)}  ${statSync(file).size} B`);
}

async function probe(file: string): Promise<string> {
  const ff = spawn('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,profile,width,height,r_frame_rate,pix_fmt:format=duration', '-of', 'compact=p=0:nk=1', file]);
  let outText = '';
  ff.stdout.on('data', (d: Buffer) => (outText += d.toString()));
  await new Promise((r) => ff.on('close', r));
  return outText.trim().split('\n').join(' | ');
}

async function makeVideos(): Promise<void> {
  mkdirSync(CONTENT_DIR, { recursive: true });
  // `npx tsx scripts/make-assets.ts videos sticker-packed` makes only the named clips.
  const only = new Set(process.argv.slice(2).filter((a) => !['targets', 'models', 'videos', 'sounds'].includes(a)));
  const clips = [
    forgePromoClip(path.join(CONTENT_DIR, 'forge-promo.mp4')),
    harborDuskClip(path.join(CONTENT_DIR, 'harbor-dusk.mp4')),
    stickerPackedClip(path.join(CONTENT_DIR, 'sticker-packed.mp4')),
    weatherChromaClip(path.join(CONTENT_DIR, 'weather-chroma.mp4')),
  ].filter((clip) => only.size === 0 || only.has(path.basename(clip.file, '.mp4')));
  for (const clip of clips) {
    await encodeClip(clip);
    console.log(`video   ${path.relative(ROOT, clip.file)}  ${statSync(clip.file).size} B  ${await probe(clip.file)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const all = args.size === 0;
  if (all || args.has('targets')) await makeTargets();
  if (all || args.has('models')) await makeModels();
  if (all || args.has('videos')) await makeVideos();
  if (all || args.has('sounds')) await makeSounds();
}

await main();
