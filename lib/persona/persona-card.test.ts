import { describe, expect, it } from 'vitest';
import { importCard } from './cards/import-card';
import { jsonBytes, v3Card } from './cards/test-fixtures';
import { cardFromPersona, mimeOf, personaFromCard, PersonaCardError } from './persona-card';
import { PERSONA_TEXT_MAX } from './persona-fields';
import { DEFAULT_USER_PERSONA, UserPersona } from './user-persona';

describe('a card as a persona and back', () => {
  it('maps the card fields Hearth uses, keeps the rest without the lorebook twice, and overlays edits on export', () => {
    const { card } = importCard(jsonBytes(v3Card('Mira')));
    const { persona } = personaFromCard(card, { id: 'p', now: 5 });
    expect(persona).toMatchObject({ name: 'Mira', nickname: 'Mi', scenario: 'a storm' });
    expect(persona.card?.data.character_book).toBeUndefined();
    expect(persona.card?.extraData.unknown_in_data).toEqual({ kept: 'verbatim' });
    const back = cardFromPersona({ ...persona, greeting: 'Changed.' });
    expect(back.data.first_mes).toBe('Changed.');
    expect(back.data.character_book?.entries[0]?.keys).toEqual(['lighthouse']);
    expect(back.data.group_only_greetings).toEqual(['Hello, everyone.']);
  });

  it('refuses a field longer than a persona holds, naming it', () => {
    const { card } = importCard(jsonBytes(v3Card('Mira')));
    const long = { ...card, data: { ...card.data, scenario: 'x'.repeat(PERSONA_TEXT_MAX + 1) } };
    expect(() => personaFromCard(long, { id: 'p', now: 5 })).toThrow(PersonaCardError);
    expect(() => personaFromCard(long, { id: 'p', now: 5 })).toThrow(/scenario/);
  });

  it('names MIME types of card files by extension', () => {
    expect(mimeOf('assets/icon/images/main.PNG')).toBe('image/png');
    expect(mimeOf('x/y.webp')).toBe('image/webp');
    expect(mimeOf('x/readme')).toBe('application/octet-stream');
  });

  it('the user persona needs a name', () => {
    expect(UserPersona.safeParse(DEFAULT_USER_PERSONA).success).toBe(true);
    expect(UserPersona.safeParse({ name: ' ', description: '' }).success).toBe(false);
  });
});
