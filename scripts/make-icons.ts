/**
 * Draws the Teams app icons with pngjs and writes them to manifest/:
 *
 *  - color.png   192×192: a rounded square in a calm blue with a white "traffic-light checklist"
 *                (a traffic-light housing with three lights, each followed by a list line);
 *  - outline.png  32×32:  the same motif, white on a transparent background (Teams' rule for
 *                the outline icon: white and transparent pixels only).
 *
 * Shapes are signed-distance functions sampled 8×8 per pixel, so edges are anti-aliased and the
 * output is byte-for-byte reproducible. Run: `npx tsx scripts/make-icons.ts [outDir]`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';

export const ICON_BLUE: readonly [number, number, number] = [0x2f, 0x5c, 0x9e]; // = manifest accentColor
const WHITE: readonly [number, number, number] = [255, 255, 255];

/** Signed distance to a rounded rectangle (negative inside). */
function sdRoundRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): number {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - r;
  const hy = (y1 - y0) / 2 - r;
  const qx = Math.abs(x - cx) - hx;
  const qy = Math.abs(y - cy) - hy;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - r;
}

function sdCircle(x: number, y: number, cx: number, cy: number, r: number): number {
  return Math.hypot(x - cx, y - cy) - r;
}

type Shape = (x: number, y: number) => boolean;

interface Geometry {
  /** Housing of the traffic light (outline): left, top, right, bottom; fully rounded ends. */
  housing: [number, number, number, number];
  stroke: number;
  /** Centre y of the three lights (and of the list line next to each). */
  rows: [number, number, number];
  light: number;
  /** List lines: start x, end x of each, thickness. */
  barX0: number;
  barEnds: [number, number, number];
  bar: number;
}

/** The motif: a traffic-light housing with three lights, each followed by a list line. */
function motif(g: Geometry): Shape {
  const [hx0, hy0, hx1, hy1] = g.housing;
  const hr = (hx1 - hx0) / 2;
  const lightX = (hx0 + hx1) / 2;
  return (x, y) => {
    const housing = sdRoundRect(x, y, hx0, hy0, hx1, hy1, hr);
    if (Math.abs(housing) <= g.stroke / 2) return true;
    for (let i = 0; i < 3; i++) {
      const cy = g.rows[i];
      if (sdCircle(x, y, lightX, cy, g.light) <= 0) return true;
      if (sdRoundRect(x, y, g.barX0, cy - g.bar / 2, g.barEnds[i], cy + g.bar / 2, g.bar / 2) <= 0) return true;
    }
    return false;
  };
}

/** 192 px design; the motif stays inside the central ~120 px "safe" area. */
const COLOR_GEOMETRY: Geometry = {
  housing: [44, 38, 84, 154],
  stroke: 7,
  rows: [62, 96, 130],
  light: 11,
  barX0: 102,
  barEnds: [150, 134, 144],
  bar: 11,
};

/** 32 px design, snapped to the pixel grid so the 2 px strokes stay crisp. */
const OUTLINE_GEOMETRY: Geometry = {
  housing: [7, 3, 15, 29],
  stroke: 2,
  rows: [9, 16, 23],
  light: 2.2,
  barX0: 18,
  barEnds: [28, 25, 27],
  bar: 2,
};

const SAMPLES = 8;

function coverage(shape: Shape, px: number, py: number): number {
  let n = 0;
  for (let i = 0; i < SAMPLES; i++) {
    for (let j = 0; j < SAMPLES; j++) {
      if (shape(px + (i + 0.5) / SAMPLES, py + (j + 0.5) / SAMPLES)) n++;
    }
  }
  return n / (SAMPLES * SAMPLES);
}

function draw(size: number, layers: { shape: Shape; rgb: readonly [number, number, number] }[]): PNG {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // "over" compositing of each layer, premultiplied
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (const layer of layers) {
        const c = coverage(layer.shape, x, y);
        if (c === 0) continue;
        r = layer.rgb[0] * c + r * (1 - c);
        g = layer.rgb[1] * c + g * (1 - c);
        b = layer.rgb[2] * c + b * (1 - c);
        a = c + a * (1 - c);
      }
      const o = (y * size + x) * 4;
      png.data[o] = a ? Math.round(r / a) : 0;
      png.data[o + 1] = a ? Math.round(g / a) : 0;
      png.data[o + 2] = a ? Math.round(b / a) : 0;
      png.data[o + 3] = Math.round(a * 255);
    }
  }
  return png;
}

export function colorIcon(): Buffer {
  const size = 192;
  const background: Shape = (x, y) => sdRoundRect(x, y, 0, 0, size, size, 40) <= 0;
  return PNG.sync.write(
    draw(size, [
      { shape: background, rgb: ICON_BLUE },
      { shape: motif(COLOR_GEOMETRY), rgb: WHITE },
    ]),
  );
}

export function outlineIcon(): Buffer {
  const size = 32;
  // White only: every visible pixel is (255,255,255); edges differ in alpha alone.
  return PNG.sync.write(draw(size, [{ shape: motif(OUTLINE_GEOMETRY), rgb: WHITE }]));
}

function main(): void {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const outDir = path.resolve(process.argv[2] ?? path.join(here, '../manifest'));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'color.png'), colorIcon());
  writeFileSync(path.join(outDir, 'outline.png'), outlineIcon());
  console.log(`wrote ${path.join(outDir, 'color.png')} (192×192) and ${path.join(outDir, 'outline.png')} (32×32)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
