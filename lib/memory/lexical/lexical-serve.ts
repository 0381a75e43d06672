import type { LexicalBackend } from './lexical-backend';
import { LexicalRequest, type LexicalPort, type LexicalResponse } from './lexical-protocol';

/**
 * Answers the panel's requests with a backend (the memory worker's side). A malformed request
 * is dropped with a warning; a search that fails gets an error answer, never silence.
 */
export function serveLexical(port: LexicalPort, backend: LexicalBackend): void {
  const send = (response: LexicalResponse) => port.postMessage(response);
  const announce = () =>
    backend.ready.then(
      () => send({ type: 'ready' }),
      (error: unknown) => send({ type: 'failed', message: String(error) }),
    );
  void announce();
  port.addEventListener('message', (event) => {
    const parsed = LexicalRequest.safeParse(event.data);
    if (!parsed.success) {
      console.warn('Hearth: the memory worker ignored a malformed request', parsed.error.message);
      return;
    }
    const request = parsed.data;
    switch (request.type) {
      case 'add':
        return backend.add(request.id, request.fields);
      case 'remove':
        return backend.remove(request.id);
      case 'rebuild':
        backend.rebuild();
        return void announce();
      case 'search':
        return void backend.search(request.query).then(
          (hits) => send({ type: 'hits', requestId: request.requestId, hits }),
          (error: unknown) => send({ type: 'error', requestId: request.requestId, message: String(error) }),
        );
    }
  });
}
