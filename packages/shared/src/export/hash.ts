/** murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const TWO_32 = 0x1_0000_0000;

/**
 * A fast, seeded, non-cryptographic 52-bit string hash (two independent 32-bit multiply-xor lanes,
 * finalised with murmur3's fmix32). 52 bits fit a JS number exactly, so hashes can live in a
 * Float64Array and be compared with `===`. Identical on every platform (only Math.imul and
 * UTF-16 code units are involved).
 */
export function hash52(text: string, seed = 0): number {
  let a = (0x811c9dc5 ^ seed) >>> 0;
  let b = (0x27d4eb2f ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  const lo = fmix32(a ^ text.length);
  const hi = fmix32(b ^ lo ^ Math.imul(text.length, 0x9e3779b1));
  return (hi & 0xfffff) * TWO_32 + lo;
}

/** Folds several 52-bit hashes into one (order matters), without building a string. */
export function combineHashes(...hashes: readonly number[]): number {
  let a = 0x9e3779b1;
  let b = 0x85ebca77;
  for (const h of hashes) {
    const lo = h >>> 0;
    const hi = Math.floor(h / TWO_32) >>> 0;
    a = fmix32(Math.imul(a ^ lo, 0x01000193) ^ hi);
    b = fmix32(Math.imul(b ^ hi, 0x5bd1e995) ^ lo ^ a);
  }
  return (b & 0xfffff) * TWO_32 + a;
}

/** A hash as a fraction in [0, 1): uniform when the hash is. */
export function hashToUnit(hash: number): number {
  return hash / 2 ** 52;
}

/**
 * A set of 52-bit hashes in one open-addressing Float64Array (8 bytes a slot, at most half full):
 * about 16 bytes per member, against ~40+ for a JS `Set` of non-Smi numbers. Used to drop duplicate
 * rows with memory bounded by the row count, never by row size.
 */
export class HashSet52 {
  private slots: Float64Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.slots = new Float64Array(capacity);
    this.mask = capacity - 1;
  }

  /** Adds `hash`; returns false when it was already present. */
  add(hash: number): boolean {
    // Slots hold hash + 1 so that 0 can mean "empty".
    const stored = hash + 1;
    let i = (hash >>> 0) & this.mask;
    for (;;) {
      const v = this.slots[i] as number;
      if (v === 0) break;
      if (v === stored) return false;
      i = (i + 1) & this.mask;
    }
    this.slots[i] = stored;
    this.size++;
    if (this.size * 2 > this.slots.length) this.grow();
    return true;
  }

  has(hash: number): boolean {
    const stored = hash + 1;
    let i = (hash >>> 0) & this.mask;
    for (;;) {
      const v = this.slots[i] as number;
      if (v === 0) return false;
      if (v === stored) return true;
      i = (i + 1) & this.mask;
    }
  }

  /** Empties the set, keeping its table unless it grew past `keepCapacity` members' worth. */
  clear(keepCapacity = 1024) {
    if (this.size === 0) return;
    if (this.slots.length > keepCapacity * 2) {
      let capacity = 16;
      while (capacity < keepCapacity * 2) capacity *= 2;
      this.slots = new Float64Array(capacity);
      this.mask = capacity - 1;
    } else {
      this.slots.fill(0);
    }
    this.size = 0;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  private grow() {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.mask = this.slots.length - 1;
    for (const v of old) {
      if (v === 0) continue;
      let i = ((v - 1) >>> 0) & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = v;
    }
  }
}
