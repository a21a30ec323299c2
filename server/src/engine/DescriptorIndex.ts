import { descriptorWords, hamming256 } from './hamming.ts'

/** Independent hash tables: more tables = higher recall for a true match, linearly more work. */
const LSH_TABLES = 10
/**
 * Bits sampled per table key: 14 (2^14 buckets) up to ~700 targets of 500 features, then one
 * more each time the library doubles (15 at 1,000, 18 at 10,000), so an average bucket holds
 * about BUCKET_FILL descriptors and a query scans about as many at 10,000 targets as at 1,000.
 * With 14 bits at 10,000 targets, voting alone took 1.3 s a query (buckets ten times fuller).
 * Wider keys find fewer far neighbours, which costs some recall at that size (bench:scale).
 */
const MIN_KEY_BITS = 14
const MAX_KEY_BITS = 20
/**
 * Average descriptors per bucket the key width aims at. Measured with `npm run bench:scale`
 * (recall / voting + verification p50): 32 → 0.83 / 188 ms at 1,000 targets and 0.63 / 264 ms at
 * 10,000; 16 → 0.88 / 142 ms and 0.58 / 221 ms; 64 → 0.83 / 169 ms and 0.58 / 247 ms (±1 query).
 */
const BUCKET_FILL = 16
/** A nearest neighbour further than this (of 256 bits) is noise, not a match. */
const MAX_VOTE_DISTANCE = 64
/**
 * A query descriptor votes for every target whose nearest neighbour is at most this many bits
 * further than the overall nearest. 0 (nearest target only, no ratio test) recovered some text
 * posters; 8 ranked the true target first or within the top 8 for every view that exhaustive
 * matching can recognize at 100 targets (.cache-free diagnosis on bench/server.ts queries).
 */
const VOTE_SLACK = 8
/** "No neighbour yet" in the per-target best-distance scratch array (distances are 0–256). */
const NO_NEIGHBOUR = 0xffff
/**
 * Buckets holding more than this many times the average are skipped at query time. ORB bits are
 * far from independent: at 1,000 targets a probe scanned 180–460 descriptors against 31 for
 * uniform buckets (measured), almost all of them in a few crowded buckets of flat-area and text
 * descriptors. Skipping those took voting + verification from 411 to 192 ms (p50, 1,000 targets)
 * and from 64 to 29 ms (100 targets) with the same recall (.cache-free diagnosis on bench queries).
 */
const BUCKET_CAP_FACTOR = 4
/**
 * …but never below this. In a small library a crowded bucket can be one target's own repeated
 * texture (a text-band poster in the engine test lost its hit with a floor of 64).
 */
const MIN_BUCKET_CAP = 256
/** Fixed so every worker (and every restart) builds identical tables. */
const LSH_SEED = 0x5eed

interface Entry {
  id: string
  words: Uint32Array
  /** LSH_TABLES keys per descriptor at MAX_KEY_BITS, computed once at upsert. */
  keys: Uint32Array
  active: boolean
}

export interface Candidate {
  id: string
  /** Shared votes (see `query`): a ranking score, not a count of correspondences. */
  votes: number
  /**
   * The correspondences, as (query descriptor index, target descriptor index) pairs, closest
   * first: each query descriptor whose nearest probed neighbour in this target is within
   * VOTE_SLACK of its nearest neighbour anywhere, with that neighbour. They go straight into
   * RANSAC, so verification needs no second, exhaustive matching pass (BFMatcher knn in WASM costs
   * ~45 ms per candidate, measured).
   */
  pairs: Uint32Array
}

/**
 * Multi-table LSH over 256-bit ORB descriptors with per-target voting: candidate retrieval that
 * stays sub-linear in the number of targets (a brute-force BFMatcher over 1,000 targets is
 * seconds per query, docs/opencv-node-notes.md). Tables are compact CSR arrays, rebuilt lazily on the first
 * query after a change, so bulk imports pay for one rebuild.
 */
export class DescriptorIndex {
  private readonly entries = new Map<string, Entry>()
  private readonly bitWord: Uint8Array[] = []
  private readonly bitShift: Uint8Array[] = []
  private dirty = true
  private ids: string[] = []
  private active: Uint8Array = new Uint8Array(0)
  private words: Uint32Array = new Uint32Array(0)
  private owner: Uint32Array = new Uint32Array(0)
  /** Index of each owner's first descriptor in `words`/`owner`. */
  private ownerStart: Uint32Array = new Uint32Array(0)
  private bucketStart: Uint32Array[] = []
  private bucketItems: Uint32Array[] = []
  private seen: Uint32Array = new Uint32Array(0)
  private stamp = 0
  /** Buckets larger than this are skipped at query time (see BUCKET_CAP_FACTOR). */
  private bucketCap = Infinity
  /** Bits per key for the current library size (see MIN_KEY_BITS). */
  private keyBits = MIN_KEY_BITS
  /** Per-target scratch for one query descriptor: nearest distance and its item. */
  private ownerBest: Uint16Array = new Uint16Array(0)
  private ownerBestItem: Uint32Array = new Uint32Array(0)

  constructor() {
    const random = mulberry32(LSH_SEED)
    const draw = (bits: Set<number>, size: number) => {
      while (bits.size < size) bits.add(Math.floor(random() * 256))
    }
    // Every table's first 14 bits first, from the seed's stream exactly as before key widths
    // grew (the tables all measurements up to 1,000 targets used); then the wider keys' extra bits.
    const tables = Array.from({ length: LSH_TABLES }, () => {
      const bits = new Set<number>()
      draw(bits, MIN_KEY_BITS)
      return bits
    })
    for (const bits of tables) {
      draw(bits, MAX_KEY_BITS)
      const ordered = [...bits]
      this.bitWord.push(Uint8Array.from(ordered, (b) => b >>> 5))
      this.bitShift.push(Uint8Array.from(ordered, (b) => b & 31))
    }
  }

  get size(): number {
    return this.entries.size
  }

  has(id: string): boolean {
    return this.entries.has(id)
  }

  /** Adds or replaces a target's descriptors (count × 32 bytes). */
  upsert(id: string, descriptors: Uint8Array, active: boolean): void {
    const words = descriptorWords(descriptors)
    const count = words.length / 8
    const keys = new Uint32Array(count * LSH_TABLES)
    for (let i = 0; i < count; i++) {
      for (let t = 0; t < LSH_TABLES; t++) keys[i * LSH_TABLES + t] = this.key(t, words, i * 8, MAX_KEY_BITS)
    }
    this.entries.set(id, { id, words, keys, active })
    this.dirty = true
  }

  remove(id: string): boolean {
    const removed = this.entries.delete(id)
    if (removed) this.dirty = true
    return removed
  }

  setActive(id: string, active: boolean): void {
    const entry = this.entries.get(id)
    if (!entry || entry.active === active) return
    entry.active = active
    this.dirty = true
  }

  /**
   * Targets ranked by votes (best first), at most `limit`.
   *
   * Each query descriptor votes for every target holding a near neighbour almost as close as the
   * nearest one (within VOTE_SLACK bits), and splits one vote between them (an inverse document
   * frequency: a stroke of a common letter that twenty posters share is worth 1/20 to each).
   * Each such target also gets the correspondence for verification. The earlier rule, one vote
   * for the nearest target only and only when the next *other* target was 20 % further, threw
   * away exactly the correspondences that tell look-alike text posters apart once geometry is
   * checked: a clearly visible text poster got 5 votes and was missed at 100 targets; with
   * shared votes it gets 35 and its own correspondences, and verification finds 48 inliers.
   */
  query(descriptors: Uint8Array, { limit, activeOnly }: { limit: number; activeOnly: boolean }): Candidate[] {
    if (this.dirty) this.rebuild()
    const targetCount = this.ids.length
    if (targetCount === 0) return []
    const query = descriptorWords(descriptors)
    const { words, owner, ownerStart, active, seen, ownerBest, ownerBestItem } = this
    const votes = new Float64Array(targetCount)
    const touched: number[] = []
    // (owner, query descriptor, target descriptor, distance) per correspondence, in query order.
    let quads = new Uint32Array(4 * 1024)
    let used = 0
    const queryCount = query.length / 8
    for (let q = 0; q < queryCount; q++) {
      const stamp = this.nextStamp()
      let best = NO_NEIGHBOUR
      for (let t = 0; t < LSH_TABLES; t++) {
        const key = this.key(t, query, q * 8)
        const start = this.bucketStart[t]!
        const items = this.bucketItems[t]!
        const end = start[key + 1]!
        // A crowded bucket holds descriptors that half the library shares (flat areas, text
        // strokes): they cannot tell targets apart, and scanning them was most of the time.
        if (end - start[key]! > this.bucketCap) continue
        for (let k = start[key]!; k < end; k++) {
          const item = items[k]!
          if (seen[item] === stamp) continue
          seen[item] = stamp
          const o = owner[item]!
          if (activeOnly && active[o] === 0) continue
          const d = hamming256(query, q * 8, words, item * 8)
          if (d > MAX_VOTE_DISTANCE) continue
          if (ownerBest[o] === NO_NEIGHBOUR) touched.push(o)
          if (d < ownerBest[o]!) {
            ownerBest[o] = d
            ownerBestItem[o] = item
          }
          if (d < best) best = d
        }
      }
      if (touched.length === 0) continue
      let voters = 0
      for (const o of touched) if (ownerBest[o]! <= best + VOTE_SLACK) voters++
      const weight = 1 / voters
      if (used + 4 * voters > quads.length) {
        const grown = new Uint32Array(Math.max(2 * quads.length, used + 4 * voters))
        grown.set(quads.subarray(0, used))
        quads = grown
      }
      for (const o of touched) {
        if (ownerBest[o]! <= best + VOTE_SLACK) {
          votes[o]! += weight
          quads[used++] = o
          quads[used++] = q
          quads[used++] = ownerBestItem[o]! - ownerStart[o]!
          quads[used++] = ownerBest[o]!
        }
        ownerBest[o] = NO_NEIGHBOUR
      }
      touched.length = 0
    }
    const ranked: number[] = []
    for (let o = 0; o < targetCount; o++) if (votes[o]! > 0) ranked.push(o)
    ranked.sort((a, b) => votes[b]! - votes[a]!)
    return ranked.slice(0, limit).map((o) => {
      // Closest first: verification's estimator (RHO, PROSAC-based) samples the head of the list
      // first. In query order, a close, blurred view whose 374 correspondences were half noise
      // verified to 6 inliers; sorted, to 200+.
      const mine: number[] = []
      for (let i = 0; i < used; i += 4) if (quads[i] === o) mine.push(i)
      mine.sort((a, b) => quads[a + 3]! - quads[b + 3]!)
      const pairs = new Uint32Array(mine.length * 2)
      mine.forEach((at, n) => {
        pairs[2 * n] = quads[at + 1]!
        pairs[2 * n + 1] = quads[at + 2]!
      })
      return { id: this.ids[o]!, votes: Math.round(votes[o]! * 100) / 100, pairs }
    })
  }

  private nextStamp(): number {
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0)
      this.stamp = 1
    }
    return this.stamp
  }

  private key(table: number, words: Uint32Array, offset: number, bits = this.keyBits): number {
    const wordIdx = this.bitWord[table]!
    const shifts = this.bitShift[table]!
    let key = 0
    for (let b = 0; b < bits; b++) key = (key << 1) | ((words[offset + wordIdx[b]!]! >>> shifts[b]!) & 1)
    return key
  }

  /**
   * Concatenates every target into flat arrays and counting-sorts each table into CSR buckets.
   */
  private rebuild(): void {
    const entries = [...this.entries.values()]
    const total = entries.reduce((sum, e) => sum + e.words.length / 8, 0)
    this.ids = entries.map((e) => e.id)
    this.active = Uint8Array.from(entries, (e) => (e.active ? 1 : 0))
    this.words = new Uint32Array(total * 8)
    this.owner = new Uint32Array(total)
    this.ownerStart = new Uint32Array(entries.length)
    this.seen = new Uint32Array(total)
    this.stamp = 0
    this.ownerBest = new Uint16Array(entries.length).fill(NO_NEIGHBOUR)
    this.ownerBestItem = new Uint32Array(entries.length)
    let offset = 0
    entries.forEach((entry, o) => {
      this.words.set(entry.words, offset * 8)
      const count = entry.words.length / 8
      this.owner.fill(o, offset, offset + count)
      this.ownerStart[o] = offset
      offset += count
    })
    this.keyBits = keyBitsFor(total)
    const buckets = 2 ** this.keyBits
    // Each entry keeps its full-width keys (computed once at upsert); the width in use is their
    // prefix. Computing keys here instead took 4–7 s per rebuild at 10,000 targets.
    const drop = MAX_KEY_BITS - this.keyBits
    const keys = new Uint32Array(total)
    this.bucketStart = []
    this.bucketItems = []
    for (let t = 0; t < LSH_TABLES; t++) {
      offset = 0
      for (const entry of entries) {
        const count = entry.words.length / 8
        for (let i = 0; i < count; i++) keys[offset + i] = entry.keys[i * LSH_TABLES + t]! >>> drop
        offset += count
      }
      const start = new Uint32Array(buckets + 1)
      for (let i = 0; i < total; i++) start[keys[i]! + 1]! += 1
      for (let b = 0; b < buckets; b++) start[b + 1]! += start[b]!
      const fill = start.slice(0, buckets)
      const items = new Uint32Array(total)
      for (let i = 0; i < total; i++) items[fill[keys[i]!]!++] = i
      this.bucketStart.push(start)
      this.bucketItems.push(items)
    }
    this.bucketCap = Math.max(MIN_BUCKET_CAP, Math.ceil((BUCKET_CAP_FACTOR * total) / buckets))
    this.dirty = false
  }
}

/** Key width for `total` indexed descriptors: about BUCKET_FILL per bucket, within [MIN, MAX]. */
export function keyBitsFor(total: number): number {
  return Math.min(MAX_KEY_BITS, Math.max(MIN_KEY_BITS, Math.round(Math.log2(Math.max(1, total) / BUCKET_FILL))))
}

/** Small deterministic PRNG (public domain). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
