import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedMediaServer, type ScriptedMediaServer } from '../../test/support/scripted-media-server';
import { transcribe } from './transcription';

let server: ScriptedMediaServer;
beforeEach(async () => {
  server = await startScriptedMediaServer();
});
afterEach(() => server.close());

const recording = new Blob([new Uint8Array([1, 2, 3])], { type: 'audio/webm' });

describe('transcription against a scripted server', () => {
  it('sends the recording as multipart with the model and returns the text', async () => {
    server.script('transcriptions', { kind: 'ok', text: ' hello there ' });
    const text = await transcribe(
      recording,
      { baseUrl: `${server.origin}/v1`, model: 'whisper-1' },
      { fetch },
    );
    expect(text).toBe('hello there');
    const request = server.requests[0]!;
    expect(request.path).toBe('/v1/audio/transcriptions');
    expect(request.contentType).toMatch(/^multipart\/form-data/);
    expect(request.body).toContain('name="model"');
    expect(request.body).toContain('whisper-1');
    expect(request.body).toContain('filename="speech.webm"');
  });

  it('says what went wrong on an error status and on an answer without text', async () => {
    server.script('transcriptions', { kind: 'status', status: 500 }, { kind: 'wrong' });
    const config = { baseUrl: `${server.origin}/v1`, model: 'm' };
    await expect(transcribe(recording, config, { fetch })).rejects.toThrow('answered 500');
    await expect(transcribe(recording, config, { fetch })).rejects.toThrow('did not answer with text');
  });
});
