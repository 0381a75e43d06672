import type { LexicalHit } from './bm25';
import type { LexicalBackend } from './lexical-backend';
import { LexicalResponse, type LexicalPort, type LexicalRequest } from './lexical-protocol';

/**
 * The panel's side of the memory worker: the keyword index is built and searched there, so
 * 50,000 memories never block the panel's main thread. Requests keep their order (the worker
 * applies them one by one); a search waits for the build like any other request.
 */
export function createWorkerLexicalBackend(
  port: LexicalPort,
  terminate: () => void = () => {},
): LexicalBackend {
  const pending = new Map<
    number,
    { resolve: (hits: LexicalHit[]) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  let settle: { resolve: () => void; reject: (error: Error) => void } | null = null;
  const expectReady = () =>
    new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
  let ready = expectReady();
  ready.catch(() => {});
  let closed = false;
  const send = (request: LexicalRequest) => {
    if (!closed) port.postMessage(request);
  };
  port.addEventListener('message', (event) => {
    const parsed = LexicalResponse.safeParse(event.data);
    if (!parsed.success) {
      console.warn('Hearth: a malformed answer from the memory worker', parsed.error.message);
      return;
    }
    const response = parsed.data;
    if (response.type === 'ready') settle?.resolve();
    else if (response.type === 'failed') settle?.reject(new Error(response.message));
    else {
      const waiter = pending.get(response.requestId);
      pending.delete(response.requestId);
      if (response.type === 'hits') waiter?.resolve(response.hits);
      else waiter?.reject(new Error(response.message));
    }
  });
  return {
    get ready() {
      return ready;
    },
    add: (id, fields) => send({ type: 'add', id, fields }),
    remove: (id) => send({ type: 'remove', id }),
    rebuild() {
      ready = expectReady();
      ready.catch(() => {});
      send({ type: 'rebuild' });
    },
    search(query) {
      if (closed) return Promise.reject(new Error('The memory worker was stopped.'));
      const requestId = nextId++;
      return new Promise<LexicalHit[]>((resolve, reject) => {
        pending.set(requestId, { resolve, reject });
        send({ type: 'search', requestId, query });
      });
    },
    close() {
      closed = true;
      terminate();
      for (const waiter of pending.values()) waiter.reject(new Error('The memory worker was stopped.'));
      pending.clear();
    },
  };
}
