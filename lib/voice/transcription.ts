import { z } from 'zod';
import { endpointUrl } from './openai-speech';
import { SpeechError } from './speech-engine';

/** Where an OpenAI-compatible transcription server is (whisper.cpp's server, faster-whisper-server). */
export interface TranscriptionConfig {
  baseUrl: string;
  model: string;
}

/** A recording is refused beyond this: push-to-talk is for a sentence or a few. */
export const MAX_RECORDING_BYTES = 25 * 1024 * 1024;
const Answer = z.object({ text: z.string().max(100_000) });

/**
 * Sends one recording to `/v1/audio/transcriptions` and returns its text. Redirects are
 * refused; an error status, an answer without `text` or a recording over the limit is an
 * error in words.
 */
export async function transcribe(
  audio: Blob,
  config: TranscriptionConfig,
  deps: { fetch: typeof fetch; signal?: AbortSignal },
): Promise<string> {
  if (audio.size > MAX_RECORDING_BYTES) throw new SpeechError('The recording is too long to transcribe.');
  const form = new FormData();
  form.append('file', audio, audio.type.includes('ogg') ? 'speech.ogg' : 'speech.webm');
  form.append('model', config.model);
  form.append('response_format', 'json');
  let response: Response;
  try {
    response = await deps.fetch(endpointUrl(config.baseUrl, 'audio/transcriptions'), {
      method: 'POST',
      body: form,
      redirect: 'error',
      signal: deps.signal,
    });
  } catch (error) {
    if (deps.signal?.aborted) throw error;
    throw new SpeechError(`The transcription server at ${config.baseUrl} could not be reached.`);
  }
  if (!response.ok) throw new SpeechError(`The transcription server answered ${response.status}.`);
  const parsed = Answer.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new SpeechError('The transcription server did not answer with text.');
  return parsed.data.text.trim();
}
