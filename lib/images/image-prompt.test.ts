import { describe, expect, it } from 'vitest';
import { buildImagePrompt, parseImagine } from './image-prompt';
import { personaAppearance } from './persona-appearance';
import type { PersonaRecord } from '../db/records';

const persona = {
  id: 'p1',
  name: 'Ember',
  description: 'a warm friend who loves books',
  personality: 'kind',
  greeting: 'Hi',
  speakingStyle: 'plain',
  createdAt: 1,
  updatedAt: 1,
} as PersonaRecord;

describe('image prompts', () => {
  it('reads /imagine and nothing else', () => {
    expect(parseImagine('/imagine a lighthouse ')).toBe('a lighthouse');
    expect(parseImagine('/IMAGINE   a cat\non a mat')).toBe('a cat\non a mat');
    expect(parseImagine('/imagine')).toBe('');
    expect(parseImagine('please /imagine a dog')).toBeNull();
    expect(parseImagine('/imagined it')).toBeNull();
    expect(parseImagine(`/imagine ${'x'.repeat(900)}`)).toHaveLength(500);
  });

  it('builds the prompt from the request, the appearance and the feeling', () => {
    expect(
      buildImagePrompt({ request: 'me at the beach', appearance: 'red hair,\n green coat', feeling: 'sad' }),
    ).toBe('me at the beach, red hair, green coat, sad, downcast eyes');
    expect(buildImagePrompt({ request: 'a lighthouse', appearance: '', feeling: null })).toBe('a lighthouse');
  });

  it('takes the persona’s appearance when it has one, never its description', () => {
    expect(personaAppearance(persona)).toBe('');
    expect(personaAppearance({ ...persona, appearance: ' freckles ' } as PersonaRecord)).toBe('freckles');
  });
});
