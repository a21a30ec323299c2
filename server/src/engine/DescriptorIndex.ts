import { descriptorWords, hamming256 } from './hamming.ts'

/** Independent hash tables: more tables = higher recall for a true match, linearly more work. */
const LSH_TABLES = 10
/** Bits sampled per table key (2^14 buckets). Fewer bits = fuller buckets = slower queries at 1,000 targets. */
const LSH_KEY_BITS = 14
/** A nearest neighbour further than this (of 256 bits) is noise, not a match. */
const MAX_VOTE_DISTANCE = 64
/** The best target must beat the best *other* target's descriptor by this ratio to earn a vote. */
const VOTE_RATIO = 0.8
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
  /** LSH_TABLES keys per descriptor, computed once at add time. */
  keys: Uint16Array
  active: boolean
}

export interface Candidate {
  id: string
  votes: number
  /**
   * The voting correspondences, as (query descriptor index, target descriptor index) pairs:
   * each query descriptor whose nearest probed neighbour is in this target and passed the
   * distance and ratio tests. They go straight into RANSAC, so verification needs no second,
   * exhaustive matching pass (BFMatcher knn in WASM costs ~45 ms per candidate, measured).
   */
  pairs: Uint32Array
}

/**
 * Multi-table LSH over 256-bit ORB descriptors with per-target voting: candidate retrieval that
 * stays sub-linear in the number of targets (a brute-force BFMatcher over 1,000 targets is
 * seconds per query, machine-notes §4). Tables are compact CSR arrays, rebuilt lazily on the first
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

  constructor() {
    const random = mulberry32(LSH_SEED)
    for (let t = 0; t < LSH_TABLES; t++) {
      const bits = new Set<number>()
      while (bits.size < LSH_KEY_BITS) bits.add(Math.floor(random() * 256))
      const sorted = [...bits]
      this.bitWord.push(Uint8Array.from(sorted, (b) => b >>> 5))
      this.bitShift.push(Uint8Array.from(sorted, (b) => b & 31))
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
    const keys = new Uint16Array(count * LSH_TABLES)
    for (let i = 0; i < count; i++) {
      for (let t = 0; t < LSH_TABLES; t++) keys[i * LSH_TABLES + t] = this.key(t, words, i * 8)
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

  /** Targets ranked by votes (best first), at most `limit`. */
  query(descriptors: Uint8Array, { limit, activeOnly }: { limit: number; activeOnly: boolean }): Candidate[] {
    if (this.dirty) this.rebuild()
    if (this.ids.length === 0) return []
    const query = descriptorWords(descriptors)
    const votes = new Float64Array(this.ids.length)
    const { words, owner, ownerStart, active, seen } = this
    const queryCount = query.length / 8
    // Winning (owner, item) per query descriptor; -1 when it earned no vote.
    const voteOwner = new Int32Array(queryCount).fill(-1)
    const voteItem = new Uint32Array(queryCount)
    for (let q = 0; q < queryCount; q++) {
      const stamp = this.nextStamp()
      let best = 257
      let bestOwner = -1
      let bestItem = 0
      let other = 257 // best distance among owners other than bestOwner
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
          if (d < best) {
            if (o !== bestOwner) other = best
            best = d
            bestOwner = o
            bestItem = item
          } else if (o !== bestOwner && d < other) {
            other = d
          }
        }
      }
      if (bestOwner >= 0 && best <= MAX_VOTE_DISTANCE && best < VOTE_RATIO * other) {
        votes[bestOwner]! += 1
        voteOwner[q] = bestOwner
        voteItem[q] = bestItem
      }
    }
    const ranked: Array<{ owner: number; votes: number }> = []
    for (let o = 0; o < votes.length; o++) if (votes[o]! > 0) ranked.push({ owner: o, votes: votes[o]! })
    ranked.sort((a, b) => b.votes - a.votes)
    return ranked.slice(0, limit).map(({ owner: o, votes: count }) => {
      const pairs = new Uint32Array(count * 2)
      let n = 0
      for (let q = 0; q < queryCount; q++) {
        if (voteOwner[q] !== o) continue
        pairs[n++] = q
        pairs[n++] = voteItem[q]! - ownerStart[o]!
      }
      return { id: this.ids[o]!, votes: count, pairs }
    })
  }

  private nextStamp(): number {
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0)
      this.stamp = 1
    }
    return this.stamp
  }

  private key(table: number, words: Uint32Array, offset: number): number {
    const wordIdx = this.bitWord[table]!
    const shifts = this.bitShift[table]!
    let key = 0
    for (let b = 0; b < LSH_KEY_BITS; b++) key = (key << 1) | ((words[offset + wordIdx[b]!]! >>> shifts[b]!) & 1)
    return key
  }

  /** Concatenates every target into flat arrays and counting-sorts each table into CSR buckets. */
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
    const buckets = 1 << LSH_KEY_BITS
    const starts = Array.from({ length: LSH_TABLES }, () => new Uint32Array(buckets + 1))
    let offset = 0
    entries.forEach((entry, o) => {
      this.words.set(entry.words, offset * 8)
      const count = entry.words.length / 8
      this.owner.fill(o, offset, offset + count)
      this.ownerStart[o] = offset
      for (let i = 0; i < count; i++) {
        for (let t = 0; t < LSH_TABLES; t++) starts[t]![entry.keys[i * LSH_TABLES + t]! + 1]! += 1
      }
      offset += count
    })
    this.bucketStart = starts
    this.bucketItems = starts.map((start) => {
      for (let b = 0; b < buckets; b++) start[b + 1]! += start[b]!
      return new Uint32Array(total)
    })
    const fill = starts.map((start) => start.slice(0, buckets))
    offset = 0
    for (const entry of entries) {
      const count = entry.words.length / 8
      for (let i = 0; i < count; i++) {
        for (let t = 0; t < LSH_TABLES; t++) {
          const key = entry.keys[i * LSH_TABLES + t]!
          this.bucketItems[t]![fill[t]![key]!++] = offset + i
        }
      }
      offset += count
    }
    this.bucketCap = Math.max(MIN_BUCKET_CAP, Math.ceil((BUCKET_CAP_FACTOR * total) / buckets))
    this.dirty = false
  }
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
