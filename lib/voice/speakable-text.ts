import MarkdownIt from 'markdown-it';

// The same grammar the chat renders with (lib/chat/markdown.ts), so what is spoken is what
// is shown: markdown-it finds code, links and emphasis; nothing here parses Markdown by hand.
const md = new MarkdownIt({ html: false, linkify: true, breaks: true });
type Token = ReturnType<typeof md.parse>[number];

/** A bracketed stage direction such as [happy] or [sighs]: short, lowercase words only. */
const BRACKET_TAG = /\[[\p{Ll}\s'-]{1,32}\]/gu;
/** An HTML tag the model wrote: shown escaped (HTML is off), and pointless to read aloud. */
const HTML_TAG = /<\/?[a-z][^<>]*>/giu;
/** An address typed without a scheme, which linkify leaves as text ("example.com/x"). */
const BARE_ADDRESS = /\b(?:https?:\/\/|www\.)\S+/giu;
/** Punctuation that ends a sentence: an action tag right after it stands alone. */
const SENTENCE_END = /(?:^|[.!?…:;)\]"”]\s*)$/u;

/**
 * Whether an emphasis span is an action or emotion tag (*smiles*) rather than a stressed word:
 * a tag stands between sentences ("*smiles* Hello.", "Hi! *waves*", "*sighs*"), while a stressed
 * word sits inside one ("I *really* do"). Roleplay writes actions this way; Markdown cannot tell.
 */
function isStageDirection(before: string, after: string): boolean {
  return SENTENCE_END.test(before) && /^\s*(?:$|[.!?…]|\p{Lu})/u.test(after.replace(BRACKET_TAG, ''));
}

/** Text of one inline token list, leaving out code, addresses, images and stage directions. */
function inlineText(children: Token[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < children.length) {
    const token = children[i]!;
    if (token.type === 'em_open') {
      // Find the matching close and the text after it, to judge the span in context.
      let depth = 0;
      let j = i;
      for (; j < children.length; j++) {
        if (children[j]!.type === 'em_open') depth++;
        if (children[j]!.type === 'em_close' && --depth === 0) break;
      }
      const after = children
        .slice(j + 1)
        .filter((t) => t.type === 'text')
        .map((t) => t.content)
        .join('');
      if (isStageDirection(parts.join(''), after)) {
        i = j + 1;
        continue;
      }
    } else if (token.type === 'link_open') {
      // A link is read by its words; an address written out as its own text is not read.
      let j = i + 1;
      const inner: Token[] = [];
      for (; j < children.length && children[j]!.type !== 'link_close'; j++) inner.push(children[j]!);
      const words = inlineText(inner);
      if (token.markup !== 'linkify' && words.trim() !== String(token.attrGet('href') ?? '').trim())
        parts.push(words);
      i = j + 1;
      continue;
    } else if (token.type === 'text') {
      parts.push(token.content);
    } else if (token.type === 'softbreak' || token.type === 'hardbreak') {
      parts.push(' ');
    }
    // code_inline, image and the open/close of strong, s and em carry nothing to say.
    i++;
  }
  return parts.join('');
}

/**
 * What a reply sounds like read aloud: its words only. Markdown marks, code blocks and inline
 * code, link addresses, bare URLs, images, HTML, action tags (*smiles*) and bracketed emotion
 * tags ([happy]) are left out; blocks are joined so each ends as a sentence.
 */
export function speakableText(markdown: string): string {
  const tokens = md.parse(markdown, {});
  const blocks: string[] = [];
  for (const token of tokens) {
    if (token.type !== 'inline' || !token.children) continue;
    // A backtick left in the text opens code that has not closed yet (a reply still streaming): nothing after it is read.
    let text = inlineText(token.children)
      .replace(/`[\s\S]*$/u, ' ')
      .replace(BRACKET_TAG, ' ')
      .replace(BARE_ADDRESS, ' ')
      .replace(HTML_TAG, ' ');
    text = text.replace(/\s+/gu, ' ').trim();
    if (!text) continue;
    // A heading or list item without its own full stop still ends where it ends.
    blocks.push(/[.!?…:;]$/u.test(text) ? text : `${text}.`);
  }
  return blocks.join(' ').replace(/\s+([.,!?;:])/gu, '$1');
}
