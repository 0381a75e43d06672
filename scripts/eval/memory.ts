import 'fake-indexeddb/auto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { openHearthDb } from '../../lib/db/open';
import type { Embedder } from '../../lib/memory/embedder';
import { createIngestor } from '../../lib/memory/ingest';
import type { FieldSpec } from '../../lib/memory/lexical/bm25';
import { createMemoryLexicalIndex, type MemoryField } from '../../lib/memory/lexical/memory-index';
import { extractWithRules, type Extractor } from '../../lib/memory/extraction/rules';
import { createMemoryStore } from '../../lib/memory/memory-store';
import { sourceMessageIds } from '../../lib/memory/records';
import { createRetriever, type RetrievalConfig } from '../../lib/memory/retrieval/retriever';
import { ExactDenseIndex } from './exact-dense';

/** A mistake on the command line: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The benchmark file, as shared/eval/FORMAT.md describes it. */
export const MemoryBench = z.object({
  name: z.string(),
  conversations: z.array(
    z.object({
      id: z.string(),
      speakers: z.tuple([z.string(), z.string()]),
      sessions: z.array(
        z.object({
          id: z.string(),
          startedAt: z.string(),
          turns: z.array(z.object({ id: z.string(), speaker: z.string(), text: z.string() })),
        }),
      ),
      questions: z.array(
        z.object({
          id: z.string(),
          question: z.string(),
          answer: z.unknown().optional(),
          evidence: z.array(z.string()),
          category: z.string(),
        }),
      ),
    }),
  ),
});
export type MemoryBench = z.infer<typeof MemoryBench>;

/** Knobs for measuring the method; the defaults are the product's. */
export interface MemoryEvalOptions {
  ks: number[];
  embedder?: Embedder;
  embedderName: string;
  retrieval?: Partial<RetrievalConfig>;
  contextWindow?: number;
  /** Lexical field weights (default: the product's). */
  fields?: Record<MemoryField, FieldSpec>;
  /** Run the rule extractor (default true). */
  extract?: boolean;
  /** Memories asked for per question, as a multiple of the largest k. */
  memoryFactor?: number;
  /** Swap who plays the user and who the companion (a check that it does not matter). */
  swapRoles?: boolean;
  log?: (line: string) => void;
}

/** Per-question outcome, for analysis. */
export interface QuestionOutcome {
  id: string;
  category: string;
  recall: Record<string, number>;
  ranked: string[];
}

/** The figures the eval prints. */
export interface MemoryEvalResult {
  suite: 'memory';
  dataset: string;
  questions: number;
  embedder: string;
  recall: Record<string, number>;
  byCategory: Record<string, Record<string, number>>;
  ingestTurnsPerSec: number;
  queryMsP50: number;
  queryMsP95: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Source turn ids of ranked memories, in order, the first `limit` distinct ones. */
export function distinctSources(
  memories: readonly { provenance: { type: string } }[],
  limit: number,
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const m of memories) {
    for (const id of sourceMessageIds(m as Parameters<typeof sourceMessageIds>[0])) {
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(id);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** LoCoMo's image captions ("[shares a photo: a dog]"), a dataset artefact, not words a person typed. */
const LOCOMO_CAPTION = /\[shares? (?:a |an )?(?:photo|picture|image)[^\]]*\]/gi;

/** A turn's text without LoCoMo's image captions. */
export function withoutCaptions(text: string): string {
  return text.replace(LOCOMO_CAPTION, ' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * The product's rule extractor, fed turns without their captions: a caption describes a
 * photo, not what the speaker says about themself. The episode itself keeps the caption
 * (it is part of what was shared and the questions ask about it).
 */
export const locomoRuleExtractor: Extractor = {
  id: 'rules@1+locomo-captions',
  extract: (input) => extractWithRules({ ...input, text: withoutCaptions(input.text) }),
};

let dbCounter = 0;

/** Runs the memory suite: ingest every conversation into a fresh store, then ask every question. */
export async function runMemoryEval(
  bench: MemoryBench,
  options: MemoryEvalOptions,
): Promise<{ result: MemoryEvalResult; outcomes: QuestionOutcome[] }> {
  const log = options.log ?? (() => undefined);
  const maxK = Math.max(...options.ks);
  const outcomes: QuestionOutcome[] = [];
  const queryMs: number[] = [];
  let turns = 0;
  let ingestMs = 0;

  for (const conversation of bench.conversations) {
    let clock = 0;
    const db = await openHearthDb({ name: `eval-memory-${conversation.id}-${process.pid}-${dbCounter++}` });
    let ids = 0;
    const store = createMemoryStore(db, { now: () => clock, newId: () => `${conversation.id}-m${ids++}` });
    const lexical = createMemoryLexicalIndex(options.fields);
    const embedder = options.embedder;
    const vectors = embedder ? new ExactDenseIndex(embedder.dim) : undefined;
    const [first, second] = options.swapRoles
      ? [conversation.speakers[1], conversation.speakers[0]]
      : conversation.speakers;
    const ingestor = createIngestor({
      store,
      lexical,
      dense: embedder && vectors ? { embedder, index: vectors, batchSize: 64 } : undefined,
      speakers: { user: first, companion: second },
      contextWindow: options.contextWindow,
      extractors: options.extract === false ? [] : [locomoRuleExtractor],
    });

    const started = performance.now();
    for (const session of conversation.sessions) {
      const at = new Date(session.startedAt);
      clock = at.getTime();
      for (const turn of session.turns) {
        await ingestor.ingestTurn({
          messageId: turn.id,
          role: turn.speaker === first ? 'user' : 'assistant',
          speaker: turn.speaker,
          text: turn.text,
          at,
          conversationId: `${conversation.id}/${session.id}`,
        });
        turns++;
      }
    }
    await ingestor.flush();
    ingestMs += performance.now() - started;

    const last = conversation.sessions.at(-1);
    const now = (last ? new Date(last.startedAt).getTime() : 0) + 86_400_000;
    clock = now;
    const retriever = createRetriever({
      lexical,
      getRecords: (list) => store.getMany(list),
      dense: embedder && vectors ? { embedder, searcher: vectors } : undefined,
      config: options.retrieval,
    });
    for (const q of conversation.questions) {
      const t0 = performance.now();
      // Ask for more memories than k: distilled memories cite turns already counted.
      const memories = await retriever.retrieve({
        text: q.question,
        now,
        k: (options.memoryFactor ?? 2) * maxK,
      });
      queryMs.push(performance.now() - t0);
      const ranked = distinctSources(memories, maxK);
      const recall: Record<string, number> = {};
      for (const k of options.ks) {
        const top = new Set(ranked.slice(0, k));
        recall[k] = q.evidence.filter((e) => top.has(e)).length / q.evidence.length;
      }
      outcomes.push({ id: q.id, category: q.category, recall, ranked });
    }
    db.close();
    log(`${conversation.id}: ${conversation.questions.length} questions`);
  }

  const mean = (list: readonly QuestionOutcome[], k: number) =>
    round1((100 * list.reduce((s, o) => s + (o.recall[k] ?? 0), 0)) / Math.max(list.length, 1));
  const recall: Record<string, number> = {};
  for (const k of options.ks) recall[k] = mean(outcomes, k);
  const byCategory: Record<string, Record<string, number>> = {};
  for (const category of [...new Set(outcomes.map((o) => o.category))].sort()) {
    const list = outcomes.filter((o) => o.category === category);
    byCategory[category] = Object.fromEntries(options.ks.map((k) => [String(k), mean(list, k)]));
  }
  const sorted = [...queryMs].sort((a, b) => a - b);
  return {
    outcomes,
    result: {
      suite: 'memory',
      dataset: bench.name,
      questions: outcomes.length,
      embedder: options.embedderName,
      recall,
      byCategory,
      ingestTurnsPerSec: round1(turns / Math.max(ingestMs / 1000, 1e-9)),
      queryMsP50: round1(percentile(sorted, 50)),
      queryMsP95: round1(percentile(sorted, 95)),
    },
  };
}

/** Loads the embedder named on the command line; `none` means lexical only. */
export async function loadEmbedder(name: string): Promise<Embedder | undefined> {
  if (name === 'none') return undefined;
  if (name === 'use-lite') {
    const { createUseLiteEmbedder } = await import('./use-lite-embedder');
    return createUseLiteEmbedder();
  }
  throw new UsageError(`Unknown embedder '${name}' (known: none, use-lite).`);
}

function parseArgs(args: string[]) {
  const files: string[] = [];
  let ks = [1, 5, 10, 25];
  let embedder: string | undefined;
  let config: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value.`);
      return v;
    };
    if (arg === '--k') ks = value().split(',').map(Number);
    else if (arg === '--embedder') embedder = value();
    else if (arg === '--config') config = JSON.parse(value()) as Record<string, unknown>;
    else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}.`);
    else files.push(arg);
  }
  if (files.length === 0)
    throw new UsageError(
      'usage: npm run eval -- memory <bench.json> [--k 1,5,10,25] [--embedder none|use-lite]',
    );
  if (ks.some((k) => !Number.isInteger(k) || k < 1))
    throw new UsageError('--k takes positive integers, e.g. 1,5,10,25.');
  return { files, ks, embedder, config };
}

/** `npm run eval -- memory <bench.json> [--k 1,5,10,25] [--embedder none|use-lite] [--config <json>]` */
export async function main(args: string[]): Promise<void> {
  const { files, ks, embedder: asked, config } = parseArgs(args);
  let embedderName = asked ?? 'use-lite';
  let embedder: Embedder | undefined;
  try {
    embedder = await loadEmbedder(embedderName);
  } catch (error) {
    // The default is the best embedder available; asked for by name, a missing one is an error.
    if (asked !== undefined) throw error;
    console.error(`eval: no embedder available (${String(error)}); lexical only.`);
    embedderName = 'none';
  }
  const log = (line: string) => console.error(line);
  for (const file of files) {
    const bench = MemoryBench.parse(JSON.parse(await readFile(file, 'utf8')));
    log(`${basename(file)}: ${bench.conversations.length} conversations, embedder ${embedderName}`);
    const { result } = await runMemoryEval(bench, {
      ks,
      embedder,
      embedderName,
      log,
      retrieval: config.retrieval as Partial<RetrievalConfig> | undefined,
      contextWindow: config.contextWindow as number | undefined,
      fields: config.fields as Record<MemoryField, FieldSpec> | undefined,
      extract: config.extract as boolean | undefined,
      swapRoles: config.swapRoles as boolean | undefined,
    });
    console.log(JSON.stringify(result));
  }
}
