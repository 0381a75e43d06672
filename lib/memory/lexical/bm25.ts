import { tokenize } from '../text/tokenize';

/** How one field of a document counts: its weight in the term frequency and its length normalisation b. */
export interface FieldSpec {
  weight: number;
  b?: number;
}

/** BM25F parameters: k1 and up to four weighted fields. */
export interface Bm25Options<F extends string> {
  fields: Record<F, FieldSpec>;
  k1?: number;
  /** The tokenizer for documents and queries (tests may pass a simpler one). */
  tokenize?: (text: string) => string[];
}

/** One ranked document. */
export interface LexicalHit {
  id: string;
  score: number;
}

/** Options for one search. */
export interface SearchOptions {
  /** Only documents for which this returns true are ranked. */
  filter?: (id: string) => boolean;
  /** Only documents containing at least one of these terms are ranked (the rest only add to scores). */
  requireAny?: ReadonlySet<string>;
}

/** An incremental in-memory BM25F index: add, replace and remove documents at any time. */
export interface Bm25Index<F extends string> {
  readonly size: number;
  /** Adds a document, replacing any with the same id. Missing fields are empty. */
  add(id: string, fields: Partial<Record<F, string>>): void;
  /** As `add`, with each field already tokenized by `tokenize` (a rebuild tokenizes each text once). */
  addTokens(id: string, fields: Partial<Record<F, readonly string[]>>): void;
  remove(id: string): boolean;
  has(id: string): boolean;
  /** Ranks documents for a free-text query. */
  search(query: string, k: number, options?: SearchOptions): LexicalHit[];
  /** Ranks documents for already tokenized, weighted query terms (for query expansion). */
  searchTerms(terms: ReadonlyMap<string, number>, k: number, options?: SearchOptions): LexicalHit[];
  /** Inverse document frequency of a term (0 for a term in every document or in none). */
  idf(term: string): number;
  /** The distinct terms of a document's fields (for feedback and diversity), or undefined. */
  termsOf(id: string): ReadonlyMap<string, number> | undefined;
  /** The tokenizer the index uses. */
  tokenize(text: string): string[];
}

const MAX_FIELDS = 4;
const MAX_TF = 255;

/** One term's postings: parallel arrays of slots and packed per-field frequencies (8 bits each). */
interface Postings {
  slots: Int32Array;
  tfs: Uint32Array;
  n: number;
  /** Live documents containing the term (dead slots stay until compaction). */
  df: number;
}

function push(p: Postings, slot: number, packed: number): void {
  if (p.n === p.slots.length) {
    const slots = new Int32Array(p.n * 2);
    slots.set(p.slots);
    const tfs = new Uint32Array(p.n * 2);
    tfs.set(p.tfs);
    p.slots = slots;
    p.tfs = tfs;
  }
  p.slots[p.n] = slot;
  p.tfs[p.n] = packed;
  p.n++;
}

interface DocTerms {
  terms: string[];
  counts: Uint16Array;
}

/** Keeps the k best hits with a small min-heap. */
function topK(
  scores: Float64Array,
  touched: readonly number[],
  k: number,
  accept: (slot: number) => boolean,
): number[] {
  const heap: number[] = [];
  const less = (a: number, b: number) => (scores[a] ?? 0) < (scores[b] ?? 0);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l] as number, heap[m] as number)) m = l;
      if (r < heap.length && less(heap[r] as number, heap[m] as number)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as number, heap[i] as number];
      i = m;
    }
  };
  for (const slot of touched) {
    if (!accept(slot)) continue;
    if (heap.length < k) {
      heap.push(slot);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!less(heap[i] as number, heap[parent] as number)) break;
        [heap[i], heap[parent]] = [heap[parent] as number, heap[i] as number];
        i = parent;
      }
    } else if (less(heap[0] as number, slot)) {
      heap[0] = slot;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
}

/** Creates an empty BM25F index. Defaults: k1 = 1.2, b = 0.75. */
export function createBm25Index<F extends string>(options: Bm25Options<F>): Bm25Index<F> {
  const fieldNames = Object.keys(options.fields) as F[];
  if (fieldNames.length === 0 || fieldNames.length > MAX_FIELDS)
    throw new RangeError('BM25F takes 1 to 4 fields.');
  const weights = fieldNames.map((f) => options.fields[f].weight);
  const bs = fieldNames.map((f) => options.fields[f].b ?? 0.75);
  const k1 = options.k1 ?? 1.2;
  const tokenizeText = options.tokenize ?? tokenize;

  let ids: (string | undefined)[] = [];
  let lengths: number[][] = fieldNames.map(() => []);
  // Per document, its distinct terms and their counts, kept compact (arrays, not Maps).
  let docTerms: (DocTerms | undefined)[] = [];
  const slotOf = new Map<string, number>();
  const totalLength = fieldNames.map(() => 0);
  let postings = new Map<string, Postings>();
  let live = 0;
  let dead = 0;

  function compact(): void {
    const remap = new Int32Array(ids.length).fill(-1);
    const nextIds: (string | undefined)[] = [];
    const nextLengths: number[][] = fieldNames.map(() => []);
    const nextTerms: (DocTerms | undefined)[] = [];
    ids.forEach((id, slot) => {
      if (id === undefined) return;
      remap[slot] = nextIds.length;
      slotOf.set(id, nextIds.length);
      nextIds.push(id);
      nextTerms.push(docTerms[slot]);
      fieldNames.forEach((_, f) => nextLengths[f]?.push(lengths[f]?.[slot] ?? 0));
    });
    const nextPostings = new Map<string, Postings>();
    for (const [term, p] of postings) {
      if (p.df === 0) continue;
      const q: Postings = { slots: new Int32Array(p.df), tfs: new Uint32Array(p.df), n: 0, df: p.df };
      for (let i = 0; i < p.n; i++) {
        const to = remap[p.slots[i] as number] as number;
        if (to >= 0) push(q, to, p.tfs[i] as number);
      }
      nextPostings.set(term, q);
    }
    ids = nextIds;
    lengths = nextLengths;
    docTerms = nextTerms;
    postings = nextPostings;
    dead = 0;
  }

  function remove(id: string): boolean {
    const slot = slotOf.get(id);
    if (slot === undefined) return false;
    slotOf.delete(id);
    for (const term of docTerms[slot]?.terms ?? []) {
      const p = postings.get(term);
      if (p) p.df--;
    }
    fieldNames.forEach((_, f) => (totalLength[f] = (totalLength[f] ?? 0) - (lengths[f]?.[slot] ?? 0)));
    ids[slot] = undefined;
    docTerms[slot] = undefined;
    live--;
    dead++;
    if (dead > 1000 && dead > live) compact();
    return true;
  }

  function add(id: string, fields: Partial<Record<F, string>>): void {
    const tokens: Partial<Record<F, string[]>> = {};
    for (const name of fieldNames) {
      const text = fields[name];
      if (text) tokens[name] = tokenizeText(text);
    }
    addTokens(id, tokens);
  }

  function addTokens(id: string, fields: Partial<Record<F, readonly string[]>>): void {
    remove(id);
    const slot = ids.length;
    const packed = new Map<string, number>();
    const terms = new Map<string, number>();
    fieldNames.forEach((name, f) => {
      const tokens = fields[name] ?? [];
      lengths[f]?.push(tokens.length);
      totalLength[f] = (totalLength[f] ?? 0) + tokens.length;
      for (const token of tokens) {
        const shift = 8 * f;
        const current = packed.get(token) ?? 0;
        const tf = Math.floor(current / 2 ** shift) % 256;
        if (tf < MAX_TF) packed.set(token, current + 2 ** shift);
        terms.set(token, (terms.get(token) ?? 0) + 1);
      }
    });
    ids.push(id);
    docTerms.push({
      terms: [...terms.keys()],
      counts: Uint16Array.from(terms.values(), (c) => Math.min(c, 65535)),
    });
    slotOf.set(id, slot);
    live++;
    for (const [term, value] of packed) {
      let p = postings.get(term);
      if (!p) postings.set(term, (p = { slots: new Int32Array(4), tfs: new Uint32Array(4), n: 0, df: 0 }));
      push(p, slot, value);
      p.df++;
    }
  }

  function idf(term: string): number {
    const df = postings.get(term)?.df ?? 0;
    if (df === 0) return 0;
    return Math.log(1 + (live - df + 0.5) / (df + 0.5));
  }

  function searchTerms(
    terms: ReadonlyMap<string, number>,
    k: number,
    options: SearchOptions = {},
  ): LexicalHit[] {
    if (k <= 0 || live === 0) return [];
    const scores = new Float64Array(ids.length);
    const required = options.requireAny ? new Uint8Array(ids.length) : undefined;
    const touched: number[] = [];
    const avg = totalLength.map((t) => Math.max(t / live, 1e-9));
    for (const [term, queryWeight] of terms) {
      const p = postings.get(term);
      if (!p || p.df === 0) continue;
      const w = queryWeight * idf(term);
      const marks = required && options.requireAny?.has(term) ? required : undefined;
      for (let i = 0; i < p.n; i++) {
        const slot = p.slots[i] as number;
        if (ids[slot] === undefined) continue;
        if (marks) marks[slot] = 1;
        let packed = p.tfs[i] as number;
        let tf = 0;
        for (let f = 0; packed > 0; f++, packed = Math.floor(packed / 256)) {
          const raw = packed % 256;
          if (raw === 0) continue;
          const b = bs[f] as number;
          const norm = 1 - b + (b * (lengths[f]?.[slot] ?? 0)) / (avg[f] as number);
          tf += ((weights[f] as number) * raw) / norm;
        }
        if (scores[slot] === 0) touched.push(slot);
        scores[slot] = (scores[slot] as number) + (w * tf * (k1 + 1)) / (k1 + tf);
      }
    }
    const filter = options.filter;
    const best = topK(scores, touched, k, (slot) => {
      const id = ids[slot];
      return (
        id !== undefined &&
        (scores[slot] as number) > 0 &&
        (!required || required[slot] === 1) &&
        (!filter || filter(id))
      );
    });
    return best.map((slot) => ({ id: ids[slot] as string, score: scores[slot] as number }));
  }

  return {
    get size() {
      return live;
    },
    add,
    addTokens,
    remove,
    has: (id) => slotOf.has(id),
    search(query, k, options) {
      const terms = new Map<string, number>();
      for (const t of tokenizeText(query)) terms.set(t, 1);
      return searchTerms(terms, k, options);
    },
    searchTerms,
    idf,
    termsOf(id) {
      const slot = slotOf.get(id);
      const doc = slot === undefined ? undefined : docTerms[slot];
      return doc && new Map(doc.terms.map((t, i) => [t, doc.counts[i] ?? 0]));
    },
    tokenize: tokenizeText,
  };
}
