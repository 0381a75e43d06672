import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Reads theme.css itself (no browser needed): the colour tokens of both schemes, and the
// rules that draw text, so a faint token or a rule switched to one fails here.
const CSS = readFileSync(new URL('./theme.css', import.meta.url), 'utf8');

interface Rule {
  selectors: string[];
  decls: Map<string, string>;
  /** The at-rule this rule sits in ('' at the top level). */
  context: string;
}

/** Splits a stylesheet into rules, one level of at-rules deep (all theme.css uses). */
function parseCss(css: string, context = ''): Rule[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const rules: Rule[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) break;
    const prelude = text.slice(i, open).trim();
    let depth = 1;
    let j = open + 1;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}') depth--;
    }
    const body = text.slice(open + 1, j - 1);
    if (prelude.startsWith('@')) rules.push(...parseCss(body, prelude));
    else {
      const decls = new Map<string, string>();
      for (const decl of body.split(';')) {
        const colon = decl.indexOf(':');
        if (colon > 0) decls.set(decl.slice(0, colon).trim(), decl.slice(colon + 1).trim());
      }
      rules.push({ selectors: prelude.split(',').map((s) => s.trim()), decls, context });
    }
    i = j;
  }
  return rules;
}

const RULES = parseCss(CSS);
const DARK = '@media (prefers-color-scheme: dark)';

function tokens(context: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const rule of RULES.filter((r) => r.context === context && r.selectors.includes(':root'))) {
    for (const [name, value] of rule.decls) if (name.startsWith('--')) found.set(name, value);
  }
  return found;
}
const LIGHT_TOKENS = tokens('');
// The dark scheme overrides some tokens and inherits the rest.
const SCHEMES = { light: LIGHT_TOKENS, dark: new Map([...LIGHT_TOKENS, ...tokens(DARK)]) };

/** The declared value of `property` in the top-level rule for exactly `selector`. */
function declared(selector: string, property: string): string {
  const rule = RULES.find((r) => r.context === '' && r.selectors.includes(selector) && r.decls.has(property));
  if (!rule) throw new Error(`theme.css has no rule "${selector}" setting ${property}`);
  return rule.decls.get(property)!;
}

function resolve(value: string, scheme: Map<string, string>): string {
  const ref = /^var\((--[\w-]+)\)$/.exec(value);
  if (!ref) return value;
  const token = scheme.get(ref[1]!);
  if (!token) throw new Error(`no token ${ref[1]}`);
  return resolve(token, scheme);
}

function rgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** WCAG 2.x relative luminance. */
function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.x contrast ratio, 1 to 21. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const BACKGROUNDS = ['var(--bg)', 'var(--panel)', 'var(--user)'];

/**
 * Text that matters, with where it is drawn: the colour comes from the rule; the
 * background from the rule too when it paints one, else from the surfaces it appears on
 * (page, cards and assistant bubbles, user bubbles and notices).
 */
const TEXT: Array<{ selector: string; on: string[] | 'own'; color?: string }> = [
  { selector: 'body', on: BACKGROUNDS },
  // Header icons and the Copy / Edit / Regenerate actions.
  { selector: 'button.icon', on: BACKGROUNDS },
  { selector: 'button.icon:hover:not(:disabled)', on: 'own' },
  { selector: 'button.link', on: BACKGROUNDS },
  { selector: 'button', on: 'own' },
  { selector: 'button.danger', on: 'own' },
  { selector: '.composer .stop', on: 'own' },
  { selector: '.muted', on: BACKGROUNDS },
  { selector: '.error', on: BACKGROUNDS },
  { selector: '.msg-who', on: ['var(--panel)', 'var(--user)'] },
  { selector: '.msg-note', on: ['var(--panel)'] },
  { selector: '.msg-error', on: ['var(--panel)'] },
  { selector: '.greeting', on: ['var(--bg)'] },
  { selector: '.remembered::before', on: ['var(--panel)'] },
  { selector: '.badge', on: 'own' },
  { selector: '.chip', on: 'own' },
  { selector: '.options-nav a', on: [declared('.options-nav', 'background')] },
  { selector: '::placeholder', on: ['var(--panel)'] },
];

describe('theme.css contrast (WCAG AA, 4.5:1)', () => {
  it('reads both colour schemes', () => {
    expect(SCHEMES.light.get('--muted')).toMatch(/^#/);
    expect(tokens(DARK).get('--muted')).toMatch(/^#/);
    expect(SCHEMES.dark.get('--muted')).not.toBe(SCHEMES.light.get('--muted'));
  });

  for (const [scheme, values] of Object.entries(SCHEMES)) {
    for (const { selector, on } of TEXT) {
      it(`${scheme}: ${selector}`, () => {
        const color = resolve(declared(selector, 'color'), values);
        const backgrounds = on === 'own' ? [declared(selector, 'background')] : on;
        for (const background of backgrounds) {
          const ratio = contrast(color, resolve(background, values));
          expect(ratio, `${selector} (${color}) on ${background}`).toBeGreaterThanOrEqual(4.5);
        }
      });
    }
  }

  it('fades no enabled control or text with opacity (WCAG exempts only disabled controls)', () => {
    const faded = RULES.filter(
      (r) => !r.context.startsWith('@keyframes') && Number(r.decls.get('opacity') ?? 1) < 1,
    ).flatMap((r) => r.selectors.filter((s) => !s.includes(':disabled')));
    expect(faded).toEqual([]);
  });

  it('computes known ratios (the check itself is right)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrast('#ffffff', '#ffffff')).toBe(1);
  });
});
