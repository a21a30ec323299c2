/**
 * @module
 * What `crs grade` adds to the engine's grade, for people preparing a print: whether the
 * features repeat (a tiled pattern gives many look-alike features, which match each other as well
 * as the print and confuse recognition), and a picture of where the features are.
 *
 * It extracts features exactly as the engine does for a target (same decode, size and ORB
 * settings, from the engine's own modules), in this process: the CLI runs it once per command.
 */
import sharp from 'sharp'
import { decodeImage } from '../engine/decodeImage.ts'
import { extractFeatures, featureCount, type Features } from '../engine/extractFeatures.ts'
import { loadOpenCv } from '../engine/loadOpenCv.ts'
import { nearestElsewhere } from '../engine/selfSimilarity.ts'
import { TARGET_MAX_SIDE_PX, TARGET_NFEATURES } from '../engine/tuning.ts'

/** Two features closer than this many bits (of 256) look alike to the matcher. */
export const LOOK_ALIKE_BITS = 40
/** Look-alikes nearer than this (px) are the same corner seen at two pyramid levels, not a repeat. */
const SAME_SPOT_PX = 12
/** Above this share of features with a look-alike elsewhere, the picture is a repetitive pattern. */
export const REPETITIVE_SHARE = 0.3
/** Grid of the picture's overlay (the engine's spread measure uses a 4×4 grid too). */
const GRID = 4

export interface FeatureReport {
  features: Features
  /** Share (0–1) of features that have a look-alike somewhere else in the image. */
  repeatedShare: number
  repetitive: boolean
}

export async function analyseFeatures(image: Uint8Array): Promise<FeatureReport> {
  const cv = await loadOpenCv()
  const grey = await decodeImage(image, TARGET_MAX_SIDE_PX)
  const features = extractFeatures(cv, grey, TARGET_NFEATURES)
  const repeatedShare = lookAlikeShare(features)
  return { features, repeatedShare, repetitive: featureCount(features) >= 40 && repeatedShare > REPETITIVE_SHARE }
}

/** Share of features whose nearest other feature (away from its own spot) is within LOOK_ALIKE_BITS. */
export function lookAlikeShare(features: Features): number {
  const flags = repeatedFlags(features)
  return flags.length < 2 ? 0 : flags.filter(Boolean).length / flags.length
}

/**
 * The image as the engine sees it (greyscale, target size), dimmed, with every feature as a green
 * ring, look-alike features in orange, and the 4×4 grid with each cell's feature count: empty
 * cells are where the print gives the recognizer nothing to hold on to.
 */
export async function drawFeatures(image: Uint8Array, report: FeatureReport): Promise<Buffer> {
  const { features } = report
  const { width, height } = features
  const grey = await sharp(image).rotate().greyscale().resize(width, height, { fit: 'fill' }).modulate({ brightness: 0.7 }).png().toBuffer()
  const repeated = repeatedFlags(features)
  const counts = new Array<number>(GRID * GRID).fill(0)
  const n = featureCount(features)
  const rings: string[] = []
  for (let i = 0; i < n; i++) {
    const x = features.keypoints[2 * i]!
    const y = features.keypoints[2 * i + 1]!
    counts[Math.min(GRID - 1, Math.floor((y / height) * GRID)) * GRID + Math.min(GRID - 1, Math.floor((x / width) * GRID))]!++
    rings.push(
      `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4" fill="none" stroke="${repeated[i] ? '#ff9f1c' : '#2ee66b'}" stroke-width="1.5"/>`,
    )
  }
  const grid: string[] = []
  for (let g = 1; g < GRID; g++) {
    grid.push(`<line x1="${(g * width) / GRID}" y1="0" x2="${(g * width) / GRID}" y2="${height}" stroke="#ffffff" stroke-opacity="0.35"/>`)
    grid.push(`<line x1="0" y1="${(g * height) / GRID}" x2="${width}" y2="${(g * height) / GRID}" stroke="#ffffff" stroke-opacity="0.35"/>`)
  }
  counts.forEach((count, cell) => {
    const x = ((cell % GRID) + 0.5) * (width / GRID)
    const y = (Math.floor(cell / GRID) + 0.5) * (height / GRID)
    grid.push(
      `<text x="${x}" y="${y}" font-family="DejaVu Sans" font-size="14" font-weight="bold" text-anchor="middle" fill="${count < 3 ? '#ff4d4d' : '#ffffff'}" stroke="#000" stroke-width="3" paint-order="stroke">${count}</text>`,
    )
  })
  const overlay = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${grid.join('')}${rings.join('')}</svg>`,
  )
  return sharp(grey)
    .composite([{ input: overlay }])
    .png()
    .toBuffer()
}

function repeatedFlags(features: Features): boolean[] {
  return Array.from(nearestElsewhere(features, SAME_SPOT_PX), (bits) => bits <= LOOK_ALIKE_BITS)
}
