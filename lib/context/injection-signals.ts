/**
 * Does a page look like it tries to instruct the companion? A heuristic, pure: phrases
 * that address an assistant or its answer ("ignore previous instructions", "in your
 * response", "you are now…") in the visible text, and any such phrase, or text hidden
 * in bulk, among the hidden text the walk left out. A flagged page is still read (the
 * user asked), but the panel tells the user, and the page stays quoted untrusted data
 * either way: the flag informs a person, it does not protect the prompt.
 */

/** Why a page was flagged, for the notice shown to the user. */
export type InjectionSignal =
  'visible-instructions' | 'hidden-instructions' | 'hidden-text-addressed-to-ai' | 'fake-prompt-markers';

/** The flag and its reasons. */
export interface InjectionVerdict {
  suspected: boolean;
  signals: InjectionSignal[];
}

/** Phrases that speak to an assistant about its own instructions or answer. */
const ADDRESSED = [
  /\b(ignore|disregard|forget|override)\b.{0,40}\b(previous|prior|earlier|above|preceding|all|every|any|your)\b.{0,20}\b(instructions?|prompts?|rules|directions|guidelines)\b/i,
  /\byou are now\b|\bfrom now on,? you\b|\bact as (?:an?|the)\b|\bpretend (?:to be|you are)\b/i,
  /\b(system|developer) (prompt|message|instructions?)\b/i,
  /\bnew instructions?\b|\bhidden instructions?\b/i,
  /\byour (answer|response|reply|message|output|summary|solution|implementation|code)\b/i,
  /\b(as an? )?(ai|assistant|chatbot|language model|llm)\b.{0,30}\b(must|should|will|shall)\b/i,
  /\bdo not (tell|inform|reveal|mention)\b.{0,30}\b(user|human)\b/i,
  /\b(include|insert|add|append|incorporate|integrate|merge)\b.{0,40}\bfollowing (code|snippet|block|link|url|text|sentence)\b/i,
];
/** Text made to look like a prompt's own structure. */
const MARKERS =
  /(^|\n)\s*(<\|im_start\|>|<\/?(system|assistant)>|\[\/?INST\]|###\s*(system|instruction)|(system|assistant)\s*:)/i;

/** Hidden text above this many characters that also speaks to an AI is flagged. */
const HIDDEN_ADDRESS_MIN = 40;

/**
 * Ordinary pages say "your code" or "act as a guide" to their readers: visible text is
 * flagged only by phrases that speak of an assistant's instructions or its answer.
 */
const VISIBLE_ADDRESSED = [
  ADDRESSED[0]!,
  ADDRESSED[2]!,
  ADDRESSED[6]!,
  /\byour (answer|response|reply)\b/i,
  /\byou are now (an?|the|in)\b/i,
];

const addressesAssistant = (text: string) => ADDRESSED.some((re) => re.test(text));

/** Judges a page from its visible text and a sample of its hidden text. */
export function judgeInjection(visibleText: string, hiddenSample: string): InjectionVerdict {
  const signals: InjectionSignal[] = [];
  if (VISIBLE_ADDRESSED.some((re) => re.test(visibleText))) signals.push('visible-instructions');
  if (MARKERS.test(visibleText)) signals.push('fake-prompt-markers');
  if (addressesAssistant(hiddenSample)) signals.push('hidden-instructions');
  else if (
    hiddenSample.length >= HIDDEN_ADDRESS_MIN &&
    /\b(ai|assistant|chatbot|gpt|llm|model)\b/i.test(hiddenSample)
  )
    signals.push('hidden-text-addressed-to-ai');
  return { suspected: signals.length > 0, signals };
}

/** The notice the panel shows for a flagged page, in words. */
export function injectionNotice(signals: readonly InjectionSignal[]): string {
  const hidden = signals.some((s) => s.startsWith('hidden'));
  const visible = signals.includes('visible-instructions') || signals.includes('fake-prompt-markers');
  const what =
    hidden && visible
      ? 'hides text and shows text that try to give Hearth instructions'
      : hidden
        ? 'hides text that tries to give Hearth instructions'
        : 'contains text that tries to give Hearth instructions';
  return `This page ${what}. Hearth treats page text as quoted data and does not follow it, but read its answers about this page with care.`;
}
