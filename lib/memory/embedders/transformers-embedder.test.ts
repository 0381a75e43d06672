// The real loading path: transformers.js (Node build, onnxruntime-node CPU binary from its npm
// package) loads a tiny model the test builds itself, behind the same handler and protocol the
// worker uses. Network: only a loopback server on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import { readFile, rm, stat } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeTinyEmbedder,
  tinyEmbeddingModel,
  type TinyEmbedder,
} from '../../../test/fixtures/make-tiny-embedder';
import type { EmbeddingModel } from './catalog';
import { createEmbedRequestHandler, inProcessTransport, type EmbedHandlerDeps } from './embed-handler';
import { EmbedderError, type LoadProgress } from './embed-protocol';
import { createMemoryEmbeddingStore } from './embedding-cache';
import { createTransformersEmbedder, type TransformersEmbedderOptions } from './transformers-embedder';
import { createTransformersDeps } from './transformers-pipeline';

let tiny: TinyEmbedder;
let cacheDir: string;

beforeAll(async () => {
  tiny = await makeTinyEmbedder();
  cacheDir = await mkdtemp(join(tmpdir(), 'hearth-tf-cache-'));
});

afterAll(async () => {
  await rm(tiny.root, { recursive: true, force: true });
  await rm(cacheDir, { recursive: true, force: true });
});

function tinyModel(overrides: Partial<EmbeddingModel> = {}): EmbeddingModel {
  return tinyEmbeddingModel(tiny, overrides);
}

/** Real transformers.js deps on the local model dir, with counters on what reaches the model. */
function countingDeps(sources: Parameters<typeof createTransformersDeps>[0]) {
  const real = createTransformersDeps(sources);
  const counts = { loads: 0, runs: 0, texts: [] as string[][] };
  const deps: EmbedHandlerDeps = {
    probeGpu: real.probeGpu,
    async loadExtractor(plan, onProgress) {
      counts.loads += 1;
      const extractor = await real.loadExtractor(plan, onProgress);
      return {
        run(texts) {
          counts.runs += 1;
          counts.texts.push(texts);
          return extractor.run(texts);
        },
        dispose: () => extractor.dispose(),
      };
    },
  };
  return { deps, counts };
}

function localOptions(extra: Partial<TransformersEmbedderOptions> = {}) {
  const { deps, counts } = countingDeps({
    localModelPath: tiny.root,
    allowLocalModels: true,
    allowRemoteModels: false,
    useFSCache: false,
  });
  const options: TransformersEmbedderOptions = {
    createTransport: () => inProcessTransport(createEmbedRequestHandler(deps)),
    device: 'cpu',
    ...extra,
  };
  return { options, counts };
}

const norm = (v: Float32Array) => Math.hypot(...v);
const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe('createTransformersEmbedder on the tiny model (local files)', () => {
  it('loads through transformers.js and makes L2-normalised vectors of the model dimension', async () => {
    const { options } = localOptions();
    const embedder = await createTransformersEmbedder(tinyModel(), options);
    expect(embedder.id).toBe(`${tiny.modelId}@q8`);
    expect(embedder.dim).toBe(16);
    expect(embedder.device).toBe('cpu');
    const vectors = await embedder.embed(['Hello world', 'I like tea and my cat', 'zebra crossing', '']);
    expect(vectors).toHaveLength(4);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(16);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
    embedder.dispose();
  });

  it('gives the same vector for the same text and different vectors for different texts', async () => {
    const first = await createTransformersEmbedder(tinyModel(), localOptions().options);
    const second = await createTransformersEmbedder(tinyModel(), localOptions().options); // fresh cache
    const [a1, b1] = await first.embed(['I love my dog', 'rain today']);
    const [a2] = await second.embed(['I love my dog']);
    expect(Array.from(a2!)).toEqual(Array.from(a1!));
    expect(dot(a1!, b1!)).toBeLessThan(0.99);
    first.dispose();
    second.dispose();
  });

  it('matches a direct transformers.js pipeline (mean pooling, normalised)', async () => {
    const { pipeline, env } = await import('@huggingface/transformers');
    env.localModelPath = tiny.root;
    env.allowRemoteModels = false;
    const direct = await pipeline('feature-extraction', tiny.modelId, { dtype: 'q8', device: 'cpu' });
    const expected = await direct(['hello world'], { pooling: 'mean', normalize: true });
    const embedder = await createTransformersEmbedder(tinyModel(), localOptions().options);
    const [vector] = await embedder.embed(['hello world']);
    expect(Array.from(vector!)).toEqual(Array.from(expected.data as Float32Array));
    await direct.dispose();
    embedder.dispose();
  });

  it('embeds in batches and embeds each text only once', async () => {
    const { options, counts } = localOptions({ batchSize: 4 });
    const store = createMemoryEmbeddingStore();
    const embedder = await createTransformersEmbedder(tinyModel(), { ...options, store });
    const texts = Array.from({ length: 10 }, (_, i) => `the cat read book ${'!'.repeat(i + 1)}`);

    const first = await embedder.embed([...texts, texts[0]!]); // one duplicate inside the call
    expect(counts.texts.map((batch) => batch.length)).toEqual([4, 4, 2]);
    expect(store.size).toBe(10);
    expect(Array.from(first[10]!)).toEqual(Array.from(first[0]!));

    const again = await embedder.embed([texts[3]!, 'a new walk in the garden', texts[7]!]);
    expect(counts.texts.at(-1)).toEqual(['a new walk in the garden']); // only the miss reached the model
    expect(counts.runs).toBe(4);
    expect(Array.from(again[0]!)).toEqual(Array.from(first[3]!));

    await embedder.embed(texts);
    expect(counts.runs).toBe(4);
    expect(counts.loads).toBe(1);
    embedder.dispose();
  });

  it('shares a store between embedder instances of the same model (what IndexedDB will do)', async () => {
    const store = createMemoryEmbeddingStore();
    const one = localOptions({ store });
    const a = await createTransformersEmbedder(tinyModel(), one.options);
    await a.embed(['good morning sun']);
    const two = localOptions({ store });
    const b = await createTransformersEmbedder(tinyModel(), two.options);
    await b.embed(['good morning sun']);
    expect(one.counts.runs).toBe(1);
    expect(two.counts.runs).toBe(0);
    a.dispose();
    b.dispose();
  });

  it('gives a text the same vector whatever else is in its batch (padding), with mean and CLS pooling', async () => {
    for (const pooling of ['mean', 'cls'] as const) {
      const alone = await createTransformersEmbedder(tinyModel({ pooling }), localOptions().options);
      const batched = await createTransformersEmbedder(tinyModel({ pooling }), localOptions().options);
      const [tea] = await alone.embed(['tea']);
      const [, teaInBatch, other] = await batched.embed([
        'the dog and the cat walk in the rain today',
        'tea',
        'coffee',
      ]);
      for (let i = 0; i < tea!.length; i++) expect(teaInBatch![i]).toBeCloseTo(tea![i]!, 5);
      expect(dot(tea!, other!)).toBeLessThan(0.99);
      alone.dispose();
      batched.dispose();
    }
  });

  it('loads a catalog model by id when its files are there (how the e2e stands in for the hub)', async () => {
    const standIn = await makeTinyEmbedder(undefined, {
      modelId: 'Xenova/bge-small-en-v1.5',
      hiddenSize: 384,
    });
    const { deps } = countingDeps({
      localModelPath: standIn.root,
      allowLocalModels: true,
      allowRemoteModels: false,
      useFSCache: false,
    });
    const embedder = await createTransformersEmbedder('Xenova/bge-small-en-v1.5', {
      createTransport: () => inProcessTransport(createEmbedRequestHandler(deps)),
      device: 'cpu',
    });
    expect(embedder.id).toBe('Xenova/bge-small-en-v1.5@q8');
    const [a, b] = await embedder.embed(['hello world', 'good night']);
    expect(a).toHaveLength(384);
    expect(norm(a!)).toBeCloseTo(1, 5);
    expect(dot(a!, b!)).toBeLessThan(0.99);
    embedder.dispose();
    await rm(standIn.root, { recursive: true, force: true });
  });

  it('prefixes passages and queries for models that need it (E5 style)', async () => {
    const { options, counts } = localOptions();
    const embedder = await createTransformersEmbedder(
      tinyModel({ prefixes: { query: 'query: ', passage: 'passage: ' } }),
      options,
    );
    const [passage] = await embedder.embed(['tea']);
    const [query] = await embedder.embedQueries(['tea']);
    expect(counts.texts).toEqual([['passage: tea'], ['query: tea']]);
    expect(Array.from(query!)).not.toEqual(Array.from(passage!));
    embedder.dispose();
  });

  it('reports a missing model as model-not-found, naming the path', async () => {
    const { options } = localOptions();
    const error = await createTransformersEmbedder(
      tinyModel({ id: 'hearth-test/missing-model' }),
      options,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbedderError);
    expect((error as EmbedderError).code).toBe('model-not-found');
    expect((error as EmbedderError).message).toMatch(/hearth-test\/missing-model/);
    expect((error as EmbedderError).message).toMatch(/config\.json/);
  });

  it('rejects vectors of the wrong dimension', async () => {
    const embedder = await createTransformersEmbedder(tinyModel({ dim: 384 }), localOptions().options);
    await expect(embedder.embed(['tea'])).rejects.toMatchObject({ code: 'dim-mismatch' });
    embedder.dispose();
  });

  it('fails with code disposed after dispose()', async () => {
    const embedder = await createTransformersEmbedder(tinyModel(), localOptions().options);
    embedder.dispose();
    await expect(embedder.embed(['tea'])).rejects.toMatchObject({ code: 'disposed' });
  });

  it('refuses a model id outside the catalog', async () => {
    await expect(createTransformersEmbedder('someone/unknown', localOptions().options)).rejects.toMatchObject(
      {
        code: 'unknown-model',
      },
    );
  });
});

describe('downloading from a loopback stand-in for the hub (remoteHost)', () => {
  let server: Server;
  let host: string;
  let remote: TinyEmbedder;
  const requests: string[] = [];

  beforeAll(async () => {
    remote = await makeTinyEmbedder(undefined, { modelId: 'hearth-test/tiny-remote' });
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      // transformers.js asks for {remoteHost}/{model}/resolve/{revision}/{file}
      const match = /^\/(.+?\/.+?)\/resolve\/main\/(.+)$/.exec(req.url ?? '');
      const file = match ? normalize(join(remote.root, match[1]!, match[2]!)) : '';
      if (!match || !file.startsWith(remote.root)) return void res.writeHead(404).end();
      readFile(file).then(
        (body) => {
          if (req.headers.range === 'bytes=0-0') {
            res
              .writeHead(206, { 'content-range': `bytes 0-0/${body.length}`, 'content-length': '1' })
              .end(body.subarray(0, 1));
          } else res.writeHead(200, { 'content-length': String(body.length) }).end(body);
        },
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    host = `http://127.0.0.1:${address.port}/`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(remote.root, { recursive: true, force: true });
  });

  it('downloads config, tokenizer and weights with progress, then embeds', async () => {
    const { deps } = countingDeps({
      allowLocalModels: false,
      allowRemoteModels: true,
      useFSCache: true,
      cacheDir,
    });
    const progress: LoadProgress[] = [];
    const embedder = await createTransformersEmbedder(tinyModel({ id: remote.modelId }), {
      createTransport: () => inProcessTransport(createEmbedRequestHandler(deps)),
      device: 'cpu',
      remoteHost: host,
      onProgress: (p) => progress.push(p),
    });
    const paths = requests.map((r) => r.replace(/^GET /, ''));
    for (const file of [
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/model_quantized.onnx',
    ]) {
      expect(paths).toContain(`/${remote.modelId}/resolve/main/${file}`);
    }
    const files = new Set(progress.map((p) => p.file));
    expect(files).toContain('onnx/model_quantized.onnx');
    const last = progress.at(-1)!;
    expect(last.overall.fraction).toBe(1);
    expect(last.overall.total).toBeGreaterThan(4000);
    for (const p of progress) expect(p.fraction).toBeGreaterThanOrEqual(0);

    // Cached: the weights landed in the (temp) file cache, as they land in the Cache API in a browser.
    await expect(stat(join(cacheDir, remote.modelId, 'onnx', 'model_quantized.onnx'))).resolves.toBeTruthy();
    const [vector] = await embedder.embed(['hello world']);
    expect(norm(vector!)).toBeCloseTo(1, 5);
    embedder.dispose();
  });

  it('is cancelled by its signal while loading', async () => {
    const { deps } = countingDeps({ allowLocalModels: false, allowRemoteModels: true, useFSCache: false });
    const controller = new AbortController();
    const loading = createTransformersEmbedder(tinyModel({ id: remote.modelId }), {
      createTransport: () => inProcessTransport(createEmbedRequestHandler(deps)),
      device: 'cpu',
      remoteHost: host,
      signal: controller.signal,
    });
    controller.abort();
    await expect(loading).rejects.toMatchObject({ name: 'AbortError' });
  });
});
