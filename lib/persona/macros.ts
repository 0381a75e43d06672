/*
 * Character-card macros, as SillyTavern and the card specs write them. Names are
 * case-insensitive and may have spaces inside the braces; a macro Hearth does not know is
 * left as it is, so nothing the card author wrote silently disappears.
 *
 * Order matters: comments go first (they may mention other macros), then the names
 * (`{{char}}`, `{{user}}`, `{{original}}`), then the ones that choose (`random`, `pick`,
 * `roll`), so `{{random:{{char}},{{user}}}}` works.
 */

/** What macros stand for in one text. */
export type MacroContext = {
  /** The character's name; `{{char}}` uses the nickname when there is one (V3). */
  char: string;
  nickname?: string;
  /** The user persona's name. */
  user: string;
  /**
   * What `{{original}}` stands for: Hearth's own prompt that a card's `system_prompt` or
   * `post_history_instructions` replaces. Left undefined, `{{original}}` is left as written.
   */
  original?: string;
  /** Seeds `{{pick}}`: the conversation's id, so a message re-renders the same. */
  chatId?: string;
  /** Uniform in [0, 1); `Math.random` unless a test gives its own. */
  random?: () => number;
};

const COMMENT_START = /\{\{\s*\/\//g;
const NAME = /\{\{\s*(char|user|original)\s*\}\}|<(BOT|CHAR|USER)>/gi;
const CHOICE = /\{\{\s*(random|pick)\s*::?([^}]*)\}\}/gi;
const ROLL = /\{\{\s*roll\s*(?:::?|\s)\s*([^}]*)\}\}/gi;
const DICE = /^(\d*)d(\d+)\s*(?:([+-])\s*(\d+))?$/i;

/** Dice beyond these are not a roll anyone means: the macro is left as written. */
const MAX_DICE = 100;
const MAX_SIDES = 1_000_000;

/** The options of `{{random}}`/`{{pick}}`: `::`-separated, else comma-separated (`\,` is a comma). */
export function splitChoices(list: string): string[] {
  if (list.includes('::')) return list.split('::');
  // Split on commas not preceded by a backslash, then unescape.
  return list.split(/(?<!\\),/).map((item) => item.replace(/\\,/g, ',').trim());
}

// A small string hash (cyrb53) and PRNG (mulberry32): {{pick}} must give the same choice for
// the same chat and text on every render, on every machine.
function hash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0) ^ (h1 >>> 0);
}

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function index(random: () => number, length: number): number {
  return Math.min(length - 1, Math.floor(random() * length));
}

/** The total of a `{{roll}}` formula (`1d20`, `2d6+3`, `20` for 1d20), or null if it is not one. */
export function rollDice(formula: string, random: () => number): number | null {
  const text = formula.trim();
  const dice = /^\d+$/.test(text) ? ['', '1', text] : DICE.exec(text);
  if (!dice) return null;
  const count = dice[1] ? Number(dice[1]) : 1;
  const sides = Number(dice[2]);
  if (count < 1 || count > MAX_DICE || sides < 1 || sides > MAX_SIDES) return null;
  let total = 0;
  for (let i = 0; i < count; i++) total += 1 + index(random, sides);
  const modifier = dice[4] ? Number(dice[4]) : 0;
  return dice[3] === '-' ? total - modifier : total + modifier;
}

/**
 * Removes `{{// …}}` comments. Braces are counted, so a comment that mentions other macros
 * (`{{// {{char}} is shy}}`) goes whole; an unclosed comment is left as written.
 */
function removeComments(text: string): string {
  let out = '';
  let from = 0;
  COMMENT_START.lastIndex = 0;
  for (let start = COMMENT_START.exec(text); start; start = COMMENT_START.exec(text)) {
    let depth = 1;
    let i = COMMENT_START.lastIndex;
    while (i < text.length && depth > 0) {
      if (text.startsWith('{{', i)) depth++;
      else if (text.startsWith('}}', i)) depth--;
      else {
        i++;
        continue;
      }
      i += 2;
    }
    if (depth > 0) break;
    out += text.slice(from, start.index);
    from = i;
    COMMENT_START.lastIndex = i;
  }
  return out + text.slice(from);
}

/** Replaces the macros in `text`. Pure apart from the random source it is given. */
export function expandMacros(text: string, context: MacroContext): string {
  const random = context.random ?? Math.random;
  const charName = context.nickname?.trim() || context.char;
  // {{pick}} is seeded by the chat, the text before expansion and which {{pick}} it is, so the
  // same message in the same chat re-renders the same, whatever the names expand to.
  const pickBase = `${context.chatId ?? ''}\u0000${text}`;
  let picks = 0;
  let originalUsed = false;

  let out = removeComments(text);
  out = out.replace(NAME, (match, name: string | undefined, angle: string | undefined) => {
    const which = (name ?? angle)!.toLowerCase();
    if (which === 'char' || which === 'bot') return charName;
    if (which === 'user') return context.user;
    if (context.original === undefined) return match;
    // As in SillyTavern: the original goes in once; a second {{original}} would repeat it.
    if (originalUsed) return '';
    originalUsed = true;
    return context.original;
  });
  out = out.replace(CHOICE, (match, kind: string, list: string) => {
    if (!list.trim()) return match;
    const choices = splitChoices(list);
    const source = kind.toLowerCase() === 'pick' ? seeded(hash(`${pickBase}\u0000${picks++}`)) : random;
    return choices[index(source, choices.length)]!;
  });
  out = out.replace(ROLL, (match, formula: string) => {
    const total = rollDice(formula, random);
    return total === null ? match : String(total);
  });
  return out;
}
