import type { PersonaRecord } from '../db/records';
import { expandMacros } from './macros';
import { DEFAULT_USER_PERSONA, type UserPersona } from './user-persona';

/*
 * The persona's part of a prompt, from the conversation's persona (never simply the active
 * one): the system prompt (a card's `system_prompt` replaces Hearth's opening line, with
 * `{{original}}` standing for it; Hearth's honesty and no-pressure rules are always kept),
 * the character, the lorebook entries before and after it, who the user is, example
 * dialogue as blocks, and the reminder that goes near the end of every prompt against
 * drift (`post_history_instructions`, with `{{original}}` standing for Hearth's reminder).
 * Macros ({{char}}, {{user}}, {{random}}…) are expanded in every text taken from the persona.
 */

/** What the persona's prompt is written for. */
export interface PersonaPromptContext {
  /** Who `{{user}}` is. */
  user?: UserPersona;
  /** The conversation: seeds `{{pick}}` so a choice stays the same in one chat. */
  conversationId?: string;
  now: Date;
  random?: () => number;
}

/** Lorebook entries' texts, by where they go. */
export interface LoreText {
  before: readonly string[];
  after: readonly string[];
}

/** The persona's prompt, in the parts prompt assembly places. */
export interface PersonaPrompt {
  /** The system prompt with the lorebook entries in place; always sent whole. */
  system(lore?: LoreText): string;
  /** Example dialogue blocks (`mes_example` split at `<START>`), macros expanded. */
  examples: string[];
  /** The heading of the example dialogue. */
  examplesHeading: string;
  /** Near the end of every prompt: the post-history instructions, or Hearth's short reminder. */
  reminder: string;
  /** Expands macros as this persona and conversation see them (for lorebook keys and content). */
  expand(text: string): string;
  /** The greetings a conversation may open with, macros expanded (first_mes, then alternates). */
  greetings: string[];
}

/** The first sentence of a text, at most `max` characters (the persona's core in the reminder). */
export function coreSentence(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/[.!?](\s|$)/);
  const sentence = end >= 0 ? flat.slice(0, end + 1) : flat;
  return sentence.length > max ? `${sentence.slice(0, max - 1).trimEnd()}…` : sentence;
}

/** Splits `mes_example` into dialogue blocks at each `<START>` line. */
export function exampleBlocks(text: string): string[] {
  return text
    .split(/<START>/i)
    .map((block) => block.trim())
    .filter(Boolean);
}

/** Builds the persona's prompt parts for one conversation. */
export function buildPersonaPrompt(persona: PersonaRecord, context: PersonaPromptContext): PersonaPrompt {
  const user = context.user ?? DEFAULT_USER_PERSONA;
  const char = persona.nickname.trim() || persona.name;
  const macro = (text: string, original?: string) =>
    expandMacros(text, {
      char: persona.name,
      ...(persona.nickname.trim() ? { nickname: persona.nickname.trim() } : {}),
      user: user.name,
      ...(original !== undefined ? { original } : {}),
      ...(context.conversationId ? { chatId: context.conversationId } : {}),
      ...(context.random ? { random: context.random } : {}),
    });

  const called = char !== persona.name ? ` (called ${char})` : '';
  const opening = `You are ${persona.name}${called}, a companion who lives in the user's web browser.`;
  const main = persona.systemPrompt.trim() ? macro(persona.systemPrompt, opening) : opening;
  const description = macro(persona.description);
  const character = [
    description && `About you: ${description}`,
    persona.personality && `Personality: ${macro(persona.personality)}`,
    persona.scenario && `Scenario: ${macro(persona.scenario)}`,
    persona.speakingStyle && `Way of speaking: ${macro(persona.speakingStyle)}`,
    persona.appearance && `Appearance: ${macro(persona.appearance)}`,
  ].filter(Boolean) as string[];
  const about = [
    `The user's name is ${user.name}.`,
    user.description && `About the user: ${user.description}`,
  ]
    .filter(Boolean)
    .join(' ');

  const core = coreSentence(description);
  const hearthReminder = `Stay in character as ${persona.name}${called}${core ? `: ${core}` : '.'}`;
  const reminder = persona.postHistoryInstructions.trim()
    ? macro(persona.postHistoryInstructions, hearthReminder)
    : hearthReminder;

  return {
    system(lore = { before: [], after: [] }) {
      return [
        main,
        ...lore.before,
        ...character,
        ...lore.after,
        about,
        `Today is ${context.now.toDateString()}.`,
        'Stay in character. Be truthful: if you do not know or do not remember something, say so.',
        'Never pressure the user to come back or make them feel guilty. Reply in Markdown; never output raw HTML.',
      ]
        .filter((line) => line.trim().length > 0)
        .join('\n');
    },
    examples: exampleBlocks(macro(persona.exampleDialogue)),
    examplesHeading: `Example dialogue (how ${char} speaks; not part of this conversation):`,
    reminder,
    expand: (text) => macro(text),
    greetings: [persona.greeting, ...persona.alternateGreetings].filter((g) => g.trim()).map((g) => macro(g)),
  };
}

/**
 * The system prompt built from a persona alone (no lorebook, the default user persona). It
 * states who the companion is and the rules that keep it honest; page text, when it comes,
 * is framed as untrusted data elsewhere.
 */
export function buildSystemPrompt(persona: PersonaRecord, now: Date = new Date()): string {
  return buildPersonaPrompt(persona, { now }).system();
}
