import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startScriptedMediaServer,
  TINY_PNG_BASE64,
  type ScriptedMediaServer,
} from '../../test/support/scripted-media-server';
import { createA1111Generator } from './a1111';
import { createOpenAiImages } from './openai-images';
import { ImageError, sniffImage, type ImageProgress } from './image-generator';

let server: ScriptedMediaServer;
beforeEach(async () => {
  server = await startScriptedMediaServer();
});
afterEach(() => server.close());

const request = { prompt: 'a lighthouse', width: 512, height: 512 };
const png = Uint8Array.from(atob(TINY_PNG_BASE64), (c) => c.charCodeAt(0));
/** Polls as fast as the event loop allows: the test waits on what the server saw, never on time. */
const wait = (_ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 5);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
};

describe('AUTOMATIC1111 against a scripted server', () => {
  const a1111 = () => createA1111Generator({ baseUrl: server.origin, steps: 20 }, { fetch, wait, pollMs: 5 });

  it('makes a picture with txt2img and checks it is one', async () => {
    const image = await a1111().generate(request, { signal: new AbortController().signal });
    expect(image).toEqual({ bytes: png, mime: 'image/png' });
    const sent = server.requests.find((r) => r.path === '/sdapi/v1/txt2img')!;
    expect(JSON.parse(sent.body)).toMatchObject({
      prompt: 'a lighthouse',
      width: 512,
      height: 512,
      steps: 20,
    });
  });

  it('reports progress in words while the server works', async () => {
    server.script('txt2img', { kind: 'ok', hold: true });
    const seen: ImageProgress[] = [];
    const done = a1111().generate(request, {
      signal: new AbortController().signal,
      onProgress: (p) => seen.push(p),
    });
    server.progress = 0.4;
    await until(() => seen.some((p) => p.fraction === 0.4));
    server.release();
    await done;
    expect(seen[0]!.text).toBe('Asking the image server…');
    expect(seen.find((p) => p.fraction === 0.4)!.text).toBe('Drawing… 40%');
  });

  it('cancels: the request is dropped and the server told to interrupt', async () => {
    server.script('txt2img', { kind: 'ok', hold: true });
    const controller = new AbortController();
    const done = a1111().generate(request, { signal: controller.signal });
    await until(() => server.requests.some((r) => r.path === '/sdapi/v1/txt2img'));
    controller.abort();
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    await until(() => server.interrupts === 1);
    expect(server.interrupts).toBe(1);
  });

  it('says what went wrong on a 500 and on an answer that is not a picture', async () => {
    server.script('txt2img', { kind: 'status', status: 500 }, { kind: 'wrong' });
    const signal = new AbortController().signal;
    await expect(a1111().generate(request, { signal })).rejects.toThrow('The image server answered 500.');
    const wrong = a1111().generate(request, { signal });
    await expect(wrong).rejects.toBeInstanceOf(ImageError);
    await expect(wrong).rejects.toThrow('sent something that is not a picture');
  });

  it('names --api and --cors-allow-origins when the server cannot be reached', async () => {
    const origin = server.origin;
    await server.close();
    const gone = createA1111Generator({ baseUrl: origin, steps: 1 }, { fetch, wait });
    await expect(gone.generate(request, { signal: new AbortController().signal })).rejects.toThrow(
      /--cors-allow-origins/,
    );
    server = await startScriptedMediaServer();
  });
});

describe('OpenAI-compatible images against a scripted server', () => {
  const openai = () => createOpenAiImages({ baseUrl: `${server.origin}/v1`, model: 'sd' }, { fetch });

  it('asks for b64_json and returns the checked picture', async () => {
    expect(await openai().generate(request, { signal: new AbortController().signal })).toEqual({
      bytes: png,
      mime: 'image/png',
    });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      model: 'sd',
      prompt: 'a lighthouse',
      n: 1,
      size: '512x512',
      response_format: 'b64_json',
    });
  });

  it('says it works without progress, cancels, and explains a 500 and a non-image', async () => {
    const seen: ImageProgress[] = [];
    server.script('images', { kind: 'ok', hold: true }, { kind: 'status', status: 500 }, { kind: 'wrong' });
    const controller = new AbortController();
    const done = openai().generate(request, { signal: controller.signal, onProgress: (p) => seen.push(p) });
    await until(() => server.requests.length === 1);
    controller.abort();
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen[0]!.text).toMatch(/does not report progress/);
    const signal = new AbortController().signal;
    await expect(openai().generate(request, { signal })).rejects.toThrow('answered 500');
    await expect(openai().generate(request, { signal })).rejects.toThrow('not a picture');
  });
});

describe('sniffImage', () => {
  it('knows PNG, JPEG, GIF and WebP and nothing else', () => {
    expect(sniffImage(png)).toBe('image/png');
    expect(sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImage(new TextEncoder().encode('GIF89a'))).toBe('image/gif');
    expect(sniffImage(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImage(new TextEncoder().encode('<html>'))).toBeNull();
  });
});
