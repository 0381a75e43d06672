import { describe, expect, it } from 'vitest';
import { V1_KEYS, V2_KEYS, V3_ONLY_KEYS } from './card';
import { cardSchemas } from './card-schema';
import { cardFromJson, cardToV2, cardToV3, parseCardText } from './card-json';
import { CardError, CardNameMissingError, DEFAULT_CARD_LIMITS } from './card-limits';
import { v2Card, v3Card } from './test-fixtures';

describe('the spec field lists', () => {
  it('name exactly the fields each schema checks (export writes these lists)', () => {
    const { v1, v2, v3 } = cardSchemas(DEFAULT_CARD_LIMITS);
    expect(Object.keys(v1.shape).sort()).toEqual([...V1_KEYS].sort());
    expect(Object.keys(v2.shape).sort()).toEqual([...V2_KEYS].sort());
    expect(Object.keys(v3.shape).sort()).toEqual([...V2_KEYS, ...V3_ONLY_KEYS].sort());
  });
});

describe('reading card JSON by spec', () => {
  it('reads a V1 card (flat JSON) and keeps its other keys', () => {
    const card = cardFromJson({
      name: 'Bob',
      description: 'a baker',
      first_mes: 'Bread?',
      avatar: 'none',
      chat: 'x',
    });
    expect(card.spec).toBe('chara_card_v1');
    expect(card.data.name).toBe('Bob');
    expect(card.data.first_mes).toBe('Bread?');
    expect(card.data.alternate_greetings).toEqual([]);
    expect(card.extraTop).toEqual({ avatar: 'none', chat: 'x' });
    // V1 exports as V2 with the unknown keys beside it, where SillyTavern keeps them.
    const v2 = cardToV2(card);
    expect(v2).toMatchObject({ spec: 'chara_card_v2', spec_version: '2.0', avatar: 'none', chat: 'x' });
    expect((v2.data as { description: string }).description).toBe('a baker');
  });

  it('reads every V2 field, and V2 → V2 gives the same JSON back, unknown fields and extensions included', () => {
    const source = v2Card();
    const card = cardFromJson(source);
    expect(card.spec).toBe('chara_card_v2');
    expect(card.data.alternate_greetings).toEqual(['Another storm…', 'Ahoy.']);
    expect(card.data.character_book?.entries[0]?.keys).toEqual(['lighthouse']);
    expect(card.extraData).toEqual({ unknown_in_data: { kept: 'verbatim' } });
    expect(card.extraTop).toEqual({ name: 'Aria', create_date: '2024-5-1 @12h' });
    expect(cardToV2(card)).toEqual(source);
  });

  it('reads every V3 field, and V3 → V3 gives the same JSON back', () => {
    const source = v3Card();
    const card = cardFromJson(source);
    expect(card.spec).toBe('chara_card_v3');
    expect(card.data.nickname).toBe('Mi');
    expect(card.data.group_only_greetings).toEqual(['Hello, everyone.']);
    expect(card.data.assets).toHaveLength(2);
    expect(cardToV3(card)).toEqual(source);
  });

  it('upgrades V2 to V3 without losing fields, and V3 to V2 leaves out only what V2 has no place for', () => {
    const v2 = cardFromJson(v2Card());
    const up = cardToV3(v2);
    expect(up).toMatchObject({ spec: 'chara_card_v3', spec_version: '3.0' });
    expect(cardToV2(cardFromJson(up))).toEqual({ ...v2Card() });
    const down = cardToV2(cardFromJson(v3Card())) as { data: Record<string, unknown> };
    expect(down.data.nickname).toBeUndefined();
    expect(down.data.unknown_in_data).toEqual({ kept: 'verbatim' });
    expect(down.data.extensions).toEqual((v3Card().data as { extensions: unknown }).extensions);
  });

  it('compares V3 spec_version as a number', () => {
    for (const version of ['3.0', 3, '3.00', '3.5']) {
      expect(cardFromJson({ ...v3Card(), spec_version: version }).spec).toBe('chara_card_v3');
    }
    expect(cardToV3(cardFromJson({ ...v3Card(), spec_version: 3 })).spec_version).toBe(3);
    expect(() => cardFromJson({ ...v3Card(), spec_version: '4.0' })).toThrow(/spec_version: "4.0"/);
    expect(() => cardFromJson({ ...v3Card(), spec_version: 'three' })).toThrow(/spec_version/);
    expect(() => cardFromJson({ ...v3Card(), spec_version: undefined })).toThrow(/spec_version/);
  });

  it('keeps V3 lorebook use_regex and a data: asset longer than a text field may be', () => {
    const limits = { ...DEFAULT_CARD_LIMITS, maxFieldChars: 1000 };
    const uri = `data:image/png;base64,${'A'.repeat(5000)}`;
    const source = v3Card('Mira', [{ type: 'icon', uri, name: 'main', ext: 'png' }]) as {
      data: Record<string, unknown>;
    };
    const book = source.data.character_book as { entries: Record<string, unknown>[] };
    book.entries[0] = { ...book.entries[0], use_regex: true, keys: ['light\\w+'] };
    const card = cardFromJson(source, limits);
    expect(card.data.character_book?.entries[0]?.use_regex).toBe(true);
    expect(card.data.assets?.[0]?.uri).toBe(uri);
    expect(cardToV3(card)).toEqual(source);
  });

  it('keeps null in optional lorebook fields as null', () => {
    const card = cardFromJson(v2Card());
    expect(card.data.character_book?.entries[0]?.case_sensitive).toBeNull();
    expect(card.data.character_book?.entries[0]?.vendor_field).toEqual({ nested: [1, 'two'] });
  });
});

describe('refusing a malformed card, naming the field', () => {
  const refused = (value: unknown, pattern: RegExp) => {
    expect(() => cardFromJson(value)).toThrow(CardError);
    expect(() => cardFromJson(value)).toThrow(pattern);
  };

  it('refuses an unknown spec', () => refused({ spec: 'chara_card_v9', data: {} }, /spec: "chara_card_v9"/));

  it('refuses what is not a card', () => {
    refused([1, 2], /not a JSON object/);
    refused({ hello: 'world' }, /not a character card/);
    refused({ spec: 'chara_card_v2', spec_version: '2.0', data: 'Aria' }, /^data: expected an object/);
  });

  it('refuses wrong types with the field path', () => {
    const card = v2Card() as { data: Record<string, unknown> };
    refused(
      { ...card, data: { ...card.data, alternate_greetings: ['ok', 7] } },
      /data\.alternate_greetings\[1\]/,
    );
    refused({ ...card, data: { ...card.data, description: { html: '<b>' } } }, /data\.description/);
    const book = card.data.character_book as { entries: object[] };
    refused(
      {
        ...card,
        data: { ...card.data, character_book: { ...book, entries: [{ keys: 'lighthouse', content: 'x' }] } },
      },
      /data\.character_book\.entries\[0\]\.keys/,
    );
    refused({ name: 'Bob', first_mes: 42 }, /^first_mes/);
  });

  it('refuses an empty or blank name', () => {
    refused({ ...v2Card(), data: { ...(v2Card().data as object), name: '' } }, /the card has no name/);
    refused({ name: '   ', description: 'x' }, /the card has no name/);
    refused({ spec: 'chara_card_v3', spec_version: '3.0', data: { description: 'nameless' } }, /no name/);
  });

  it('refuses a field longer than the limit and a list longer than the limit', () => {
    const long = 'x'.repeat(DEFAULT_CARD_LIMITS.maxFieldChars + 1);
    refused(
      { ...v2Card(), data: { ...(v2Card().data as object), description: long } },
      /data\.description: is longer than/,
    );
    const limits = { ...DEFAULT_CARD_LIMITS, maxListItems: 3 };
    const many = { ...v2Card(), data: { ...(v2Card().data as object), tags: ['a', 'b', 'c', 'd'] } };
    expect(() => cardFromJson(many, limits)).toThrow(/data\.tags: has more than 3 items/);
  });

  it('refuses JSON that is not JSON, saying where', () => {
    expect(() => parseCardText('{"name": "Bob",\n "description": }')).toThrow(
      /not valid JSON: line 2, column 17/,
    );
    expect(() => parseCardText('')).toThrow(/not valid JSON/);
  });

  it('refuses JSON nested past the depth limit without overflowing the stack', () => {
    const deep = `{"name":"Deep","description":"x","extra":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(() => parseCardText(deep)).toThrow(/nests deeper than 100 levels/);
  });

  it('refuses card JSON larger than the limit before parsing it', () => {
    const limits = { ...DEFAULT_CARD_LIMITS, maxCardJsonBytes: 100 };
    expect(() => parseCardText(JSON.stringify(v2Card()), limits)).toThrow(/larger than 100 bytes/);
  });
});

describe('a card without a name', () => {
  it('is refused with its own error, so the library can ask for a name', () => {
    const nameless = jsonText({ ...v2Card(), data: { ...(v2Card().data as object), name: '  ' } });
    expect(() => parseCardText(nameless)).toThrow(CardNameMissingError);
  });

  it('takes the name the user gave, and only when its own is empty', () => {
    const nameless = jsonText({ ...v2Card(), data: { ...(v2Card().data as object), name: '' } });
    expect(parseCardText(nameless, DEFAULT_CARD_LIMITS, { name: ' Wren ' }).data.name).toBe('Wren');
    expect(parseCardText(jsonText(v2Card('Aria')), DEFAULT_CARD_LIMITS, { name: 'Wren' }).data.name).toBe(
      'Aria',
    );
    expect(() => parseCardText(nameless, DEFAULT_CARD_LIMITS, { name: '   ' })).toThrow(CardNameMissingError);
  });
});

function jsonText(value: unknown): string {
  return JSON.stringify(value);
}
