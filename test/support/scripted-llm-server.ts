import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback server that plays an OpenAI-compatible endpoint, one scripted behaviour per
 * chat request. Unit tests drive the real engine against it over real HTTP, and the
 * Playwright tests point the real extension at it.
 */

/** One reply behaviour for one chat request. */
export type Script =
  /** Streams `text` as SSE deltas, then `finish_reason: 'stop'` and `[DONE]`; JSON when not streaming. */
  | { kind: 'reply'; text: string; chunkSize?: number; delayMs?: number; firstTokenDelayMs?: number }
  /** Replies `You said: <last user message>`: the default. */
  | { kind: 'echo' }
  /** Streams the first `afterChars` characters of `text`, then drops the connection without `[DONE]`. */
  | { kind: 'cut'; text: string; afterChars: number }
  /** Answers with this status; `body` as given, else an OpenAI-style JSON error. */
  | { kind: 'status'; status: number; body?: string }
  /** Answers 200 with an HTML page, as a wrong URL often does. */
  | { kind: 'not-json' }
  /** Never answers; the request stays open until the client leaves or the server closes. */
  | { kind: 'hang' }
  /**
   * Streams `text`, then keeps the stream open with frames that carry no text, every
   * `everyMs`, until the client leaves: SSE comments (`: keep-alive`) or chunks whose delta is empty.
   */
  | { kind: 'keep-alive'; text?: string; frame?: 'comment' | 'empty'; everyMs?: number }
  /** Streams `text` as chunks of `chunkSize`, forever (until the client leaves), every `everyMs` (0: as fast as it can). */
  | { kind: 'endless'; text?: string; chunkSize?: number; everyMs?: number }
  /** Sends one SSE line of `bytes` characters (no line break) in 64 KB writes, or until the client leaves. */
  | { kind: 'huge-line'; bytes: number }
  /** Answers with a redirect (307 by default) to `location`. */
  | { kind: 'redirect'; location: string; status?: number };

/** A model as `/v1/models` lists it. */
export interface ScriptedModel {
  id: string;
  context_length?: number;
}

/** What the server saw of one request. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  authorization: string | undefined;
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
  /** True when the connection closed before the response was complete (client abort, cut). */
  closedEarly: boolean;
}

/** Options for startScriptedLlmServer. */
export interface ScriptedLlmServerOptions {
  models?: ScriptedModel[];
}

/** A running scripted server. */
export interface ScriptedLlmServer {
  /** e.g. `http://127.0.0.1:43123` */
  url: string;
  /** `url + '/v1'` */
  baseUrl: string;
  /** Queues scripts; each chat request takes the next one. */
  enqueue(...scripts: Script[]): void;
  /** Chat replies only: completions requests that are not structured (JSON object or schema) requests. */
  chatRequests(): RecordedRequest[];
  /** Queues answers for structured (JSON object or schema) requests; by default they get `{"memories":[]}`. */
  enqueueJson(...scripts: Script[]): void;
  /** The behaviour once the queue is empty. */
  setDefault(script: Script): void;
  /** Replaces what `/v1/models` lists. */
  setModels(models: ScriptedModel[]): void;
  /** Plays `script` for every `/v1/models` request instead of the list (null: the list again). */
  setModelsScript(script: Script | null): void;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const DEFAULT_MODELS: ScriptedModel[] = [
  { id: 'test-model', context_length: 8192 },
  { id: 'tiny', context_length: 512 },
];

// The extension page's origin is chrome-extension://…, so every answer allows any origin.
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Allow-Private-Network': 'true',
  'Access-Control-Max-Age': '600',
};

/** Starts the server on 127.0.0.1 at a free port. */
export async function startScriptedLlmServer(
  options: ScriptedLlmServerOptions = {},
): Promise<ScriptedLlmServer> {
  const queue: Script[] = [];
  const jsonQueue: Script[] = [];
  let fallback: Script = { kind: 'echo' };
  let models = options.models ?? DEFAULT_MODELS;
  let modelsScript: Script | null = null;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      console.error('scripted-llm-server:', error);
      res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      authorization: req.headers.authorization,
      body: parseJson(raw),
      closedEarly: false,
    };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.closedEarly = true;
    });
    for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);

    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.method === 'GET' && path === '/v1/models' && modelsScript) {
      return play(modelsScript, {}, res);
    }
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: models.map((m) => ({ object: 'model', ...m })) });
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      const body = isObject(record.body) ? record.body : {};
      // Structured requests (memory extraction, reflection) ask for a JSON object; they get
      // their own queue, so a test's scripted chat replies are never taken by them.
      const wantsJson = isStructured(body);
      if (wantsJson) return play(jsonQueue.shift() ?? { kind: 'reply', text: '{"memories":[]}' }, body, res);
      return play(queue.shift() ?? fallback, body, res);
    }
    sendJson(res, 404, { error: { message: `No route for ${req.method} ${path}`, type: 'not_found' } });
  }

  async function play(script: Script, body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    const model = typeof body.model === 'string' ? body.model : 'test-model';
    switch (script.kind) {
      case 'echo':
        return play({ kind: 'reply', text: `You said: ${lastUserMessage(body)}` }, body, res);
      case 'reply':
        if (body.stream !== true) return sendJson(res, 200, completion(model, script.text));
        openStream(res);
        res.write(sse(chunk(model, { role: 'assistant', content: '' }, null)));
        if (script.firstTokenDelayMs) await sleep(script.firstTokenDelayMs);
        for (const [i, piece] of split(script.text, script.chunkSize ?? 4).entries()) {
          if (i > 0 && script.delayMs) await sleep(script.delayMs);
          if (res.destroyed) return;
          res.write(sse(chunk(model, { content: piece }, null)));
        }
        if (res.destroyed) return;
        res.write(sse(chunk(model, {}, 'stop')));
        res.end('data: [DONE]\n\n');
        return;
      case 'cut': {
        openStream(res);
        const partial = split([...script.text].slice(0, script.afterChars).join(''), 4);
        const frames = partial.map((piece) => sse(chunk(model, { content: piece }, null))).join('');
        // end() sends the frames then FIN with no closing chunk: the client sees a truncated body.
        // A RST (destroy) could make the client's kernel drop frames it had not read yet.
        res.write(frames, () => res.socket?.end());
        return;
      }
      case 'status': {
        const json = script.body === undefined || parseJson(script.body) !== undefined;
        res.writeHead(script.status, { 'Content-Type': json ? 'application/json' : 'text/plain' });
        res.end(
          script.body ??
            JSON.stringify({ error: { message: `Scripted error ${script.status}`, code: script.status } }),
        );
        return;
      }
      case 'not-json':
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>');
        return;
      case 'hang':
        return; // `close()` destroys the socket
      case 'keep-alive': {
        openStream(res);
        if (script.text) res.write(sse(chunk(model, { role: 'assistant', content: script.text }, null)));
        const frame =
          script.frame === 'empty' ? sse(chunk(model, { content: '' }, null)) : ': keep-alive\n\n';
        while (!res.destroyed) {
          await sleep(script.everyMs ?? 20);
          if (!res.destroyed) res.write(frame);
        }
        return;
      }
      case 'endless': {
        openStream(res);
        const frame = sse(chunk(model, { content: script.text ?? 'la ' }, null)).repeat(
          script.chunkSize ?? 1,
        );
        while (!res.destroyed) {
          // Wait for the socket to drain, so a slow client is not buried in buffered frames.
          if (!res.write(frame)) await drained(res);
          if (script.everyMs) await sleep(script.everyMs);
        }
        return;
      }
      case 'huge-line': {
        openStream(res);
        const piece = 'x'.repeat(64 * 1024);
        res.write('data: ');
        for (let sent = 0; sent < script.bytes && !res.destroyed; sent += piece.length) {
          if (!res.write(piece)) await drained(res);
        }
        if (!res.destroyed) res.end('\n\n');
        return;
      }
      case 'redirect':
        res.writeHead(script.status ?? 307, { Location: script.location });
        res.end();
        return;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    baseUrl: `${url}/v1`,
    enqueue: (...scripts) => void queue.push(...scripts),
    enqueueJson: (...scripts) => void jsonQueue.push(...scripts),
    chatRequests: () =>
      requests.filter(
        (r) => r.path.endsWith('/chat/completions') && !(isObject(r.body) && isStructured(r.body)),
      ),
    setDefault: (script) => void (fallback = script),
    setModels: (next) => void (models = next),
    setModelsScript: (script) => void (modelsScript = script),
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive and hanging connections would hold close() (and the test process) open.
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => (text += part));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A structured request asks for a JSON object, with a schema (`json_schema`) or without. */
function isStructured(body: Record<string, unknown>): boolean {
  const format = body.response_format;
  return isObject(format) && (format.type === 'json_object' || format.type === 'json_schema');
}

function lastUserMessage(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const last = messages.filter((m) => isObject(m) && m.role === 'user').at(-1);
  return isObject(last) && typeof last.content === 'string' ? last.content : '';
}

/** Splits by code points so a chunk never ends inside a surrogate pair. */
function split(text: string, size: number): string[] {
  const chars = [...text];
  const step = Math.max(1, size);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += step) out.push(chars.slice(i, i + step).join(''));
  return out;
}

/** Resolves when the response can take more data, or has closed; leaves no listener behind. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(value));
}

function openStream(res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  res.flushHeaders();
}

function sse(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

const created = () => Math.floor(Date.now() / 1000);

function chunk(model: string, delta: Record<string, string>, finish: string | null) {
  return {
    id: 'chatcmpl-scripted',
    object: 'chat.completion.chunk',
    created: created(),
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

function completion(model: string, text: string) {
  return {
    id: 'chatcmpl-scripted',
    object: 'chat.completion',
    created: created(),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}
