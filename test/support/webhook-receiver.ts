import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback webhook receiver on 127.0.0.1: each request gets the next scripted behaviour and
 * is recorded with its exact body bytes, so tests verify signatures over what was really sent.
 */

/** One answer to one delivery. */
export type ReceiverScript =
  /** Answers `status` (200 by default) with `body` and `headers`. */
  | { kind: 'status'; status?: number; body?: string; headers?: Record<string, string> }
  /** Answers with a redirect (307 by default) to `location`. */
  | { kind: 'redirect'; location: string; status?: number }
  /** Never answers; the request stays open until the client leaves or the server closes. */
  | { kind: 'hang' }
  /** Sends the status line and the start of a body, then stalls without ending it. */
  | { kind: 'stall'; status: number; body: string };

/** What the receiver saw of one request. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived. */
  body: Buffer;
}

/** A running receiver. */
export interface WebhookReceiver {
  /** e.g. `http://127.0.0.1:43123` */
  url: string;
  /** Queues answers; each request takes the next, then 200 once the queue is empty. */
  enqueue(...scripts: ReceiverScript[]): void;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts a receiver on an ephemeral port of 127.0.0.1. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const queue: ReceiverScript[] = [];
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      play(queue.shift() ?? { kind: 'status' }, res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    enqueue: (...scripts) => queue.push(...scripts),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function play(script: ReceiverScript, res: ServerResponse): void {
  switch (script.kind) {
    case 'status':
      res.writeHead(script.status ?? 200, { 'content-type': 'text/plain', ...script.headers });
      res.end(script.body ?? '');
      return;
    case 'redirect':
      res.writeHead(script.status ?? 307, { location: script.location });
      res.end();
      return;
    case 'hang':
      return;
    case 'stall':
      res.writeHead(script.status, { 'content-type': 'text/plain' });
      res.write(script.body);
      return;
  }
}
