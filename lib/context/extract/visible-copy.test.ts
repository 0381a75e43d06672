// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { inlineStyleLayout } from '../../../test/unit/support/inline-style-layout';
import { blockText, capText } from './block-text';
import { readVisiblePage } from './read-page';
import { selectedVisibleText } from './selection-text';
import { skipReason } from './skipped-elements';
import { createTimeSlicer, type SliceHost } from './time-slicer';
import { copyVisible } from './visible-copy';
import { judgeElement, judgeTextBox, ROOT_VIEW } from './visibility';

/** A clock that advances 1 ms each time it is read, and counts the yields. */
function tickingHost(): SliceHost & { yields: number } {
  let t = 0;
  const host = {
    yields: 0,
    now: () => t++,
    yieldToHost: async () => {
      host.yields += 1;
    },
  };
  return host;
}

const SECRETS = {
  display: '<p style="display: none">SECRET-DISPLAY</p>',
  opacity: '<p style="opacity: 0">SECRET-OPACITY</p>',
  faint: '<div style="opacity: 0.3"><p style="opacity: 0.2">SECRET-FAINT</p></div>',
  visibility: '<p style="visibility: hidden">SECRET-VISIBILITY</p>',
  font: '<p style="font-size: 0px">SECRET-FONT</p>',
  colour: '<p style="color: rgb(255, 255, 255)">SECRET-WHITE</p>',
  nearColour:
    '<div style="background-color: rgb(0, 0, 0)"><p style="color: rgb(5, 5, 5)">SECRET-NEAR-BLACK</p></div>',
  offscreen: '<p style="position: absolute; left: -9999px; width: 500px">SECRET-OFFSCREEN</p>',
  clipped:
    '<p style="position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0px, 0px, 0px, 0px)">SECRET-CLIP</p>',
  clipPath: '<p style="clip-path: inset(50%)">SECRET-CLIP-PATH</p>',
  zero: '<div style="height: 0px; overflow: hidden"><p>SECRET-ZERO</p></div>',
  aria: '<p aria-hidden="true">SECRET-ARIA</p>',
  hidden: '<p hidden>SECRET-HIDDEN</p>',
  template: '<template><p>SECRET-TEMPLATE</p></template>',
  noscript: '<noscript><p>SECRET-NOSCRIPT</p></noscript>',
  comment: '<!-- SECRET-COMMENT -->',
  input: '<input value="SECRET-INPUT">',
  textarea: '<textarea>SECRET-TEXTAREA</textarea>',
  select: '<select><option>SECRET-OPTION</option></select>',
  editable: '<div contenteditable="true">SECRET-EDITABLE</div>',
  password: '<div autocomplete="cc-number">SECRET-CARD</div>',
  iframe: '<iframe srcdoc="SECRET-FRAME"></iframe>',
};
const VISIBLE =
  '<h1>Sea otters</h1><p>Sea otters hold hands while they sleep so that they do not drift apart in the current.</p>' +
  '<div style="visibility: hidden"><p style="visibility: visible">A child shown again is read.</p></div>' +
  '<div style="font-size: 0px"><span style="font-size: 16px">Inline-block gaps are a font-size trick.</span></div>' +
  '<div style="background-color: rgb(0, 0, 0)"><p style="color: rgb(255, 255, 255)">White on black is read.</p></div>';

function loadPage(body: string) {
  document.open();
  document.write(`<!doctype html><title>Otters</title><body>${body}</body>`);
  document.close();
}

describe('skipReason', () => {
  it('names the subtrees that are never read, from tags and attributes', () => {
    const cases: [string, string | null][] = [
      ['<template></template>', 'not-rendered'],
      ['<noscript></noscript>', 'not-rendered'],
      ['<iframe></iframe>', 'frame'],
      ['<input type="password">', 'field'],
      ['<textarea></textarea>', 'field'],
      ['<div role="textbox"></div>', 'field'],
      ['<span autocomplete="cc-csc"></span>', 'field'],
      ['<div contenteditable=""></div>', 'editable'],
      ['<div contenteditable="false"></div>', null],
      ['<p hidden></p>', 'hidden-attribute'],
      ['<p aria-hidden="TRUE"></p>', 'aria-hidden'],
      ['<p aria-hidden="false"></p>', null],
      ['<button>Send</button>', null],
    ];
    for (const [html, reason] of cases) {
      const host = document.createElement('div');
      host.innerHTML = html;
      expect(skipReason(host.firstElementChild!), html).toBe(reason);
    }
  });
});

describe('judgeElement and judgeTextBox', () => {
  it('hides a subtree, or only an element own text, for the reason it finds', () => {
    loadPage(
      '<p id="a" style="display: contents">x</p><p id="b" style="visibility: hidden">x</p><p id="c" style="opacity: 0.05">x</p>',
    );
    const layout = inlineStyleLayout();
    const at = (id: string) => judgeElement(document.getElementById(id)!, ROOT_VIEW, layout);
    expect(at('a')).toMatchObject({ kind: 'read', ownTextHidden: null });
    expect(at('b')).toMatchObject({ kind: 'read', ownTextHidden: 'visibility' });
    expect(at('c')).toEqual({ kind: 'skip', reason: 'faint' });
  });
  it('finds text boxes that are empty, clipped away or off the page', () => {
    const page = { left: 0, top: 0, right: 1000, bottom: 1000 };
    const view = { ...ROOT_VIEW, clip: { left: 0, top: 0, right: 100, bottom: 100 } };
    expect(judgeTextBox({ left: 0, top: 0, right: 0, bottom: 20 }, ROOT_VIEW, page)).toBe('empty-box');
    expect(judgeTextBox({ left: 0, top: 0, right: 50, bottom: 1 }, ROOT_VIEW, page)).toBe('empty-box');
    expect(judgeTextBox({ left: 200, top: 0, right: 300, bottom: 20 }, view, page)).toBe('clipped');
    expect(judgeTextBox({ left: -600, top: 0, right: -100, bottom: 20 }, ROOT_VIEW, page)).toBe('off-screen');
    expect(judgeTextBox({ left: 10, top: 10, right: 90, bottom: 30 }, view, page)).toBeNull();
  });
});

describe('copyVisible', () => {
  it('copies visible text only, counts the hidden characters and yields between slices', async () => {
    loadPage(VISIBLE + Object.values(SECRETS).join('') + '<p>Last visible line.</p>'.repeat(40));
    const host = tickingHost();
    const slicer = createTimeSlicer(host, 5);
    const copy = await copyVisible(document, inlineStyleLayout(), slicer);
    const stats = slicer.finish();
    const text = blockText(copy.doc.body);
    expect(text).not.toMatch(/SECRET/);
    expect(text).toContain('Sea otters hold hands');
    expect(text).toContain('A child shown again is read.');
    expect(text).toContain('Inline-block gaps are a font-size trick.');
    expect(text).toContain('White on black is read.');
    // Fields, editable regions and frames are private or foreign, not hidden: not counted.
    const hiddenSecrets = [
      'DISPLAY',
      'OPACITY',
      'FAINT',
      'VISIBILITY',
      'FONT',
      'WHITE',
      'NEAR-BLACK',
      'OFFSCREEN',
      'CLIP',
      'CLIP-PATH',
      'ZERO',
      'ARIA',
      'HIDDEN',
      'TEMPLATE',
      'COMMENT',
    ];
    expect(copy.hiddenChars).toBe(
      hiddenSecrets.reduce((sum, s) => sum + `SECRET-${s}`.length, 0) + '<p>SECRET-NOSCRIPT</p>'.length,
    );
    expect(Object.keys(copy.hiddenByReason).sort()).toEqual(
      [
        'aria-hidden',
        'clipped',
        'comment',
        'display-none',
        'faint',
        'hidden-attribute',
        'not-rendered',
        'not-rendered-or-transparent',
        'off-screen',
        'same-colour',
        'template',
        'tiny-font',
        'visibility',
      ].sort(),
    );
    expect(host.yields).toBeGreaterThan(0);
    expect(stats.slices).toBe(host.yields + 1);
    // Slices end once they pass the budget; with a 1 ms tick the check every 8 nodes bounds them.
    expect(stats.longestMs).toBeLessThan(5 + 8 * 12);
  });
});

describe('selectedVisibleText', () => {
  it('gives the selected visible words and none of a hidden span inside the selection', async () => {
    loadPage('<p id="p">Otters <span style="color: rgb(255, 255, 255)">SECRET-WHITE</span>hold hands.</p>');
    const copy = await copyVisible(document, inlineStyleLayout(), createTimeSlicer(tickingHost(), 1000));
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('p')!);
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    expect(selectedVisibleText(selection, copy.visibleText)).toBe('Otters hold hands.');
    selection.removeAllRanges();
    expect(selectedVisibleText(selection, copy.visibleText)).toBe('');
  });
});

describe('readVisiblePage', () => {
  it('runs Readability on the visible copy only, and reads title, headings and caps', async () => {
    const paragraph =
      '<p>Sea otters hold hands while they sleep so that they do not drift apart, and they wrap themselves in kelp. ' +
      'They live along the coasts of the North Pacific, eat urchins, crabs and clams, and use stones as tools.</p>';
    loadPage(`<article><h2>Diet</h2>${paragraph.repeat(6)}${Object.values(SECRETS).join('')}</article>`);
    const read = await readVisiblePage(window, { layout: inlineStyleLayout(), host: tickingHost() });
    expect(read.article).toBe(true);
    expect(read.title).toBe('Otters');
    expect(read.headings).toEqual(['Diet']);
    expect(read.text).toContain('Sea otters hold hands');
    expect(read.text).not.toMatch(/SECRET/);
    expect(read.hiddenCharsDropped).toBeGreaterThan(100);
    expect(read.cost.tasks).toBeGreaterThan(1);
    expect(read.cost.longestTaskMs).toBeGreaterThan(0);
  });
});

describe('blockText and capText', () => {
  it('puts blocks on lines of their own and keeps inline text together', () => {
    const host = document.createElement('div');
    host.innerHTML =
      '<p>End.</p><p>Next <b>bold</b>word<br>line</p><table><tr><td>a</td><td>b</td></tr></table><script>x()</script>';
    expect(blockText(host)).toBe('End.\nNext boldword\nline\na b');
  });
  it('cuts at a line or word end with an ellipsis, only when needed', () => {
    expect(capText('short', 10)).toEqual({ text: 'short', truncated: false });
    expect(capText('one two three four five', 15)).toEqual({ text: 'one two three…', truncated: true });
    expect(capText('line one\nline two', 12).text).toBe('line one…');
  });
});
