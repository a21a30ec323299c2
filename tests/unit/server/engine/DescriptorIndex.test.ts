/**
 * The candidate index on its own, with synthetic 256-bit descriptors (the recognition tests run
 * real pixels through it): shared votes, correspondences closest first, inactive targets, and key
 * widths that grow with the library without losing exact neighbours.
 */
import { describe, expect, it } from 'vitest'
import { DescriptorIndex, keyBitsFor, mulberry32 } from '../../../../server/src/engine/DescriptorIndex.ts'

const BYTES = 32

function randomDescriptors(count: number, seed: number): Uint8Array {
  const random = mulberry32(seed)
  return Uint8Array.from({ length: count * BYTES }, () => Math.floor(random() * 256))
}

/** A copy of descriptor `i` of `from` at Hamming distance `bits` (distinct bits, spread out). */
function perturbed(from: Uint8Array, i: number, bits: number): Uint8Array {
  const out = from.slice(i * BYTES, (i + 1) * BYTES)
  for (let b = 0; b < bits; b++) {
    const bit = (b * 37) % 256 // 37 is odd: distinct positions for every b < 256
    out[bit >> 3]! ^= 1 << (bit & 7)
  }
  return out
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

describe('DescriptorIndex', () => {
  it('ranks the target whose descriptors the query holds first, with one correspondence per query descriptor', () => {
    const index = new DescriptorIndex()
    const targets = Array.from({ length: 20 }, (_, t) => randomDescriptors(200, t + 1))
    targets.forEach((descriptors, t) => index.upsert(`t${t}`, descriptors, true))
    // 60 of target 7's descriptors, slightly changed, plus 100 unrelated ones.
    const query = concat([...Array.from({ length: 60 }, (_, i) => perturbed(targets[7]!, i * 3, 6)), randomDescriptors(100, 999)])
    const [best, second] = index.query(query, { limit: 5, activeOnly: true })
    expect(best?.id).toBe('t7')
    expect(best!.pairs.length / 2).toBeGreaterThanOrEqual(50)
    expect(best!.votes).toBeGreaterThan(5 * (second?.votes ?? 0))
    // Each pair is (query descriptor, that target's descriptor) and they are the true neighbours.
    for (let k = 0; k < best!.pairs.length; k += 2) {
      const [q, t] = [best!.pairs[k]!, best!.pairs[k + 1]!]
      if (q < 60) expect(t).toBe(q * 3)
    }
  })

  it('splits the vote of a descriptor two targets share, and gives both the correspondence', () => {
    const index = new DescriptorIndex()
    const shared = randomDescriptors(40, 5)
    index.upsert('a', concat([shared, randomDescriptors(100, 6)]), true)
    index.upsert('b', concat([randomDescriptors(100, 7), shared]), true)
    index.upsert('c', randomDescriptors(140, 8), true)
    const candidates = index.query(shared, { limit: 5, activeOnly: true })
    const a = candidates.find((c) => c.id === 'a')
    const b = candidates.find((c) => c.id === 'b')
    expect(a?.pairs.length).toBe(80)
    expect(b?.pairs.length).toBe(80)
    // 40 descriptors, each worth one vote split two ways.
    expect(a!.votes).toBeCloseTo(20, 5)
    expect(b!.votes).toBeCloseTo(20, 5)
    expect(candidates.some((c) => c.id === 'c')).toBe(false)
  })

  it('lists correspondences closest first (verification samples the head of the list first)', () => {
    const index = new DescriptorIndex()
    const target = randomDescriptors(100, 11)
    index.upsert('t', target, true)
    // Query descriptor q is target descriptor q with (40 - q) bits flipped: the last is the closest.
    const query = concat(Array.from({ length: 40 }, (_, q) => perturbed(target, q, 40 - q)))
    const [candidate] = index.query(query, { limit: 1, activeOnly: true })
    const order = Array.from({ length: candidate!.pairs.length / 2 }, (_, k) => candidate!.pairs[2 * k]!)
    expect(order.length).toBeGreaterThan(20)
    expect(order).toEqual([...order].sort((x, y) => y - x))
  })

  it('never offers an inactive target when asked for active ones only', () => {
    const index = new DescriptorIndex()
    const target = randomDescriptors(100, 21)
    index.upsert('t', target, true)
    index.setActive('t', false)
    expect(index.query(target, { limit: 3, activeOnly: true })).toEqual([])
    expect(index.query(target, { limit: 3, activeOnly: false })[0]?.id).toBe('t')
    index.setActive('t', true)
    expect(index.query(target, { limit: 3, activeOnly: true })[0]?.id).toBe('t')
    index.remove('t')
    expect(index.query(target, { limit: 3, activeOnly: false })).toEqual([])
  })

  it('widens its keys as the library grows: 14 bits up to ~700 targets of 500 features, 18 at 10,000', () => {
    expect(keyBitsFor(0)).toBe(14)
    expect(keyBitsFor(100 * 500)).toBe(14)
    expect(keyBitsFor(700 * 500)).toBe(14)
    expect(keyBitsFor(1_000 * 500)).toBe(15)
    expect(keyBitsFor(2_000 * 500)).toBe(16)
    expect(keyBitsFor(10_000 * 500)).toBe(18)
    expect(keyBitsFor(1e12)).toBe(20)
  })

  it('still finds exact neighbours once the keys are wider (a library of 1,600 targets × 500 descriptors: 16 bits)', () => {
    const index = new DescriptorIndex()
    const probe = new Map<string, Uint8Array>()
    for (let t = 0; t < 1_600; t++) {
      const descriptors = randomDescriptors(500, 1_000 + t)
      index.upsert(`t${t}`, descriptors, true)
      if (t % 400 === 0) probe.set(`t${t}`, descriptors.subarray(0, 50 * BYTES))
    }
    expect(keyBitsFor(1_600 * 500)).toBe(16)
    for (const [id, query] of probe) {
      const [best] = index.query(query, { limit: 1, activeOnly: true })
      expect(best?.id).toBe(id)
      expect(best!.pairs.length / 2).toBe(50)
    }
  })
})
