import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback server that plays the media endpoints Hearth talks to: OpenAI-compatible speech
 * (`/v1/audio/speech`), transcription (`/v1/audio/transcriptions`) and images
 * (`/v1/images/generations`), and AUTOMATIC1111's `/sdapi/v1/txt2img`, `/progress` and
 * `/interrupt`. Each POST takes the next scripted behaviour for its route (default: success).
 * Unit tests drive the real clients against it over HTTP; e2e tests point the extension at it.
 */

/** A 1×1 PNG: the smallest real image, for "success". */
export const TINY_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
/** Bytes that start like an MP3 (ID3 header), for "success" of speech. */
export const FAKE_MP3 = Buffer.from('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000fake-mp3-frames', 'latin1');

/** One behaviour for one POST. */
export type MediaScript =
  /** The route's success answer; `hold` keeps it waiting until `release()` (A1111 progress, cancel). */
  | { kind: 'ok'; hold?: boolean; text?: string }
  /** This status with a JSON error body. */
  | { kind: 'status'; status: number }
  /** 200 with something that is not what was asked (HTML for speech, text for an image). */
  | { kind: 'wrong' };

/** What the server saw of one request. */
export interface MediaRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
}

/** A route the server scripts. */
export type MediaRoute = 'speech' | 'transcriptions' | 'images' | 'txt2img';

/** A running scripted media server. */
export interface ScriptedMediaServer {
  /** e.g. http://127.0.0.1:PORT (A1111's base); OpenAI routes are under `${origin}/v1`. */
  origin: string;
  requests: MediaRequest[];
  script(route: MediaRoute, ...scripts: MediaScript[]): void;
  /** Reported by `/sdapi/v1/progress` while a held txt2img runs. */
  progress: number;
  /** How many times `/sdapi/v1/interrupt` was called. */
  interrupts: number;
  /** Lets held requests answer. */
  release(): void;
  close(): Promise<void>;
}

const ROUTES: Record<string, MediaRoute> = {
  '/v1/audio/speech': 'speech',
  '/v1/audio/transcriptions': 'transcriptions',
  '/v1/images/generations': 'images',
  '/sdapi/v1/txt2img': 'txt2img',
};

function cors(res: ServerResponse) {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-allow-headers', 'content-type, authorization');
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
}

function json(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function success(route: MediaRoute, res: ServerResponse, script: { text?: string }) {
  switch (route) {
    case 'speech':
      res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': FAKE_MP3.length });
      return res.end(FAKE_MP3);
    case 'transcriptions':
      return json(res, 200, { text: script.text ?? 'hello from the microphone' });
    case 'images':
      return json(res, 200, { created: 1, data: [{ b64_json: TINY_PNG_BASE64 }] });
    case 'txt2img':
      return json(res, 200, { images: [TINY_PNG_BASE64], parameters: {}, info: '{}' });
  }
}

function wrong(route: MediaRoute, res: ServerResponse) {
  if (route === 'speech') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end('<html><body>Not here</body></html>');
  }
  if (route === 'images')
    return json(res, 200, { data: [{ b64_json: Buffer.from('not an image').toString('base64') }] });
  if (route === 'txt2img')
    return json(res, 200, { images: [Buffer.from('<html>nope</html>').toString('base64')] });
  return json(res, 200, { nothing: true });
}

/** Starts the server on 127.0.0.1 at a free port. */
export async function startScriptedMediaServer(): Promise<ScriptedMediaServer> {
  const queues = new Map<MediaRoute, MediaScript[]>();
  const held = new Set<() => void>();
  const sockets = new Set<Socket>();
  const state = {
    origin: '',
    requests: [] as MediaRequest[],
    progress: 0,
    interrupts: 0,
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    cors(res);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    state.requests.push({
      method: req.method ?? '',
      path,
      contentType: req.headers['content-type'],
      body: Buffer.concat(chunks).toString('latin1'),
    });
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (path === '/sdapi/v1/progress') {
      return json(res, 200, { progress: state.progress, eta_relative: 1, state: { job_count: held.size } });
    }
    if (path === '/sdapi/v1/interrupt') {
      state.interrupts++;
      for (const go of [...held]) go();
      return json(res, 200, {});
    }
    const route = ROUTES[path];
    if (!route || req.method !== 'POST') return json(res, 404, { error: 'not found' });
    const script = queues.get(route)?.shift() ?? { kind: 'ok' };
    if (script.kind === 'status')
      return json(res, script.status, { error: { message: `scripted ${script.status}` } });
    if (script.kind === 'wrong') return wrong(route, res);
    if (script.hold) {
      await new Promise<void>((resolve) => {
        const go = () => {
          held.delete(go);
          resolve();
        };
        held.add(go);
        res.on('close', go);
      });
    }
    if (!res.writableEnded && !res.destroyed) success(route, res, script);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return Object.assign(state, {
    script(route: MediaRoute, ...scripts: MediaScript[]) {
      queues.set(route, [...(queues.get(route) ?? []), ...scripts]);
    },
    release() {
      for (const go of [...held]) go();
    },
    async close() {
      for (const go of [...held]) go();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
