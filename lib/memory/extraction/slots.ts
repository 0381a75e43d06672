/**
 * One vocabulary for fact slots, shared by the rules (rules.ts) and the model
 * (llm-extractor.ts). A slot names what a fact is about ("where the user lives"), so a later,
 * different fact about the same thing supersedes it (ingest.ts compares slots as strings).
 * The rules say "I live in Lisbon" and the model says about: "lives in", "home" or "city";
 * both are brought to the rules' canonical topic here, so a Porto fact from one replaces a
 * Lisbon fact from the other.
 */

/** Who a fact slot belongs to: `user-fact` for the user, `companion-fact` for the companion. */
export type SlotKind = 'user-fact' | 'companion-fact';

/**
 * Topics that mean the same thing, mapped to the rules' canonical form (after
 * {@link canonicalTopic}'s clean-up: lower case, no possessive, verbs in the base form).
 */
const TOPIC_ALIASES: Readonly<Record<string, string>> = {
  // Where they live (rules: "I live in …").
  'live at': 'live in',
  live: 'live in',
  home: 'live in',
  'home city': 'live in',
  'home town': 'live in',
  residence: 'live in',
  'place of residence': 'live in',
  'city of residence': 'live in',
  location: 'live in',
  city: 'live in',
  address: 'live in',
  'where they live': 'live in',
  // Who they work for (rules: "I work at …", "I work for …").
  'work for': 'work at',
  employer: 'work at',
  company: 'work at',
  workplace: 'work at',
  'place of work': 'work at',
  'job at': 'work at',
  // What they work as (rules: "I work as …", "my job is …").
  job: 'work as',
  'job title': 'work as',
  occupation: 'work as',
  profession: 'work as',
  career: 'work as',
  work: 'work as',
  // Where they study (rules: "I study at …").
  'study in': 'study at',
  study: 'study at',
  school: 'study at',
  university: 'study at',
  college: 'study at',
  // Where they grew up (rules: "I grew up in …").
  'grew up': 'grew up in',
  'grow up in': 'grew up in',
  hometown: 'grew up in',
  'grew up at': 'grew up in',
  // Spouse words the user may switch between for the same person.
  'my husband': 'my partner',
  'my wife': 'my partner',
  'my spouse': 'my partner',
};

/** Verb forms the model writes ("lives in", "working at") and the base form the rules use. */
const VERB_FORMS: ReadonlyArray<[RegExp, string]> = [
  [/^(?:lives|living|resides|reside|residing|lived)\b/, 'live'],
  [/^(?:works|working|worked)\b/, 'work'],
  [/^(?:studies|studying|studied)\b/, 'study'],
  [/^(?:grows up|growing up|grow up)\b/, 'grew up'],
];

/** Topics about what the speaker does (verb + preposition); any other topic is something of theirs ("my sister"). */
const VERB_TOPIC = /^(?:live|work|study|grew up)\b/;

/**
 * The canonical topic of a slot: "Lives in", "the user's home", "current city" → "live in";
 * "sister's name", "Sister" → "my sister"; "favourite colour" → "my favorite color".
 */
export function canonicalTopic(topic: string): string {
  let t = topic
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // Whose it is does not matter here: the slot's subject says that.
  t = t.replace(/^(?:(?:the )?user's|their|his|her|my|your)\s+/, '');
  t = t.replace(/^(?:(?:the )?user|they|he|she|i)\s+/, '');
  t = t.replace(/^(?:current|present|new)\s+/, '');
  // "partner's name" is the partner: "my partner is Sam" and about "partner's name" are one slot.
  if (t.includes(' ')) t = t.replace(/(?:'s)? name$/, '').trim();
  t = t.replace(/\bfavourite\b/g, 'favorite').replace(/\bcolour\b/g, 'color');
  for (const [form, base] of VERB_FORMS) t = t.replace(form, base);
  t = TOPIC_ALIASES[t] ?? t;
  if (!VERB_TOPIC.test(t) && !t.startsWith('my ')) t = `my ${t}`;
  return TOPIC_ALIASES[t] ?? t;
}

/**
 * The subject part of a slot. The user may be named "User", "the user" or not at all,
 * depending on who ingests; all of those are one subject ("User", as the panel has always
 * stored it). Another speaker keeps their name (LoCoMo's two speakers are both users).
 */
export function slotSubject(kind: SlotKind, speaker: string | undefined): string {
  const name = speaker?.trim();
  if (kind === 'companion-fact') return name || 'Companion';
  return !name || /^(?:the )?user$/i.test(name) ? 'User' : name;
}

/** The slot of a fact: `<kind>:<subject>:<canonical topic>`, the same whichever extractor found it. */
export function factSlot(kind: SlotKind, speaker: string | undefined, topic: string): string {
  return `${kind}:${slotSubject(kind, speaker)}:${canonicalTopic(topic)}`;
}

/**
 * A stored slot in today's vocabulary. Earlier versions filed the model's facts as
 * `user-fact:llm:lives in` and the rules' as `user-fact:User:my job`; read through this, a
 * fact stored then is still replaced by a new one about the same thing. A slot that is not
 * `<kind>:<subject>:<topic>` is returned as it is.
 */
export function canonicalSlot(slot: string): string {
  const match = /^(user-fact|companion-fact|preference):([^:]*):(.+)$/.exec(slot);
  if (!match) return slot;
  const [, kind, subject, topic] = match as unknown as [string, string, string, string];
  // The model's slots were `<its kind>:llm:<about>`; it only ever extracted the user's facts.
  if (subject === 'llm') return factSlot('user-fact', undefined, topic);
  return kind === 'preference' ? slot : factSlot(kind as SlotKind, subject, topic);
}
