import type { PersonaRecord } from '../db/records';

/**
 * The system prompt built from a persona. It states who the companion is and the rules
 * that keep it honest; page text, when it comes, is framed as untrusted data elsewhere.
 */
export function buildSystemPrompt(persona: PersonaRecord, now: Date = new Date()): string {
  const lines = [
    `You are ${persona.name}, a companion who lives in the user's web browser.`,
    persona.description && `About you: ${persona.description}`,
    persona.personality && `Personality: ${persona.personality}`,
    persona.speakingStyle && `Way of speaking: ${persona.speakingStyle}`,
    `Today is ${now.toDateString()}.`,
    'Stay in character. Be truthful: if you do not know or do not remember something, say so.',
    'Never pressure the user to come back or make them feel guilty. Reply in Markdown; never output raw HTML.',
  ];
  return lines.filter(Boolean).join('\n');
}
