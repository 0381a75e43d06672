/**
 * Elements never read, whatever the layout says: markup that is not shown (`<template>`,
 * `<noscript>`, scripts and styles), `hidden` and `aria-hidden` subtrees, frames (a frame is
 * another document; a cross-origin one is another site), and everything a person types into:
 * form fields, editable regions, password and payment fields. Needs a DOM, not layout.
 */

/** Why an element's whole subtree is left out, or null when its content may be read. */
export type SkipReason = 'not-rendered' | 'hidden-attribute' | 'aria-hidden' | 'frame' | 'field' | 'editable';

const NOT_RENDERED = new Set([
  'TEMPLATE',
  'NOSCRIPT',
  'SCRIPT',
  'STYLE',
  'LINK',
  'META',
  'HEAD',
  'TITLE',
  'BASE',
  'DATALIST',
  'CANVAS',
]);
const FRAMES = new Set(['IFRAME', 'FRAME', 'FRAMESET', 'OBJECT', 'EMBED', 'PORTAL', 'FENCEDFRAME']);
// Every form control: what is typed or chosen there is the person's, not the page's.
const FIELDS = new Set(['INPUT', 'TEXTAREA', 'SELECT', 'OPTION', 'OPTGROUP', 'OUTPUT']);
// ARIA widgets that stand in for text fields in script-built editors.
const FIELD_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton']);

/** The reason `el`'s subtree is skipped, from its tag and attributes alone. */
export function skipReason(el: Element): SkipReason | null {
  const tag = el.tagName.toUpperCase();
  if (NOT_RENDERED.has(tag)) return 'not-rendered';
  if (FRAMES.has(tag)) return 'frame';
  if (FIELDS.has(tag)) return 'field';
  if (el.hasAttribute('hidden')) return 'hidden-attribute';
  if (el.getAttribute('aria-hidden')?.trim().toLowerCase() === 'true') return 'aria-hidden';
  const role = el.getAttribute('role')?.trim().toLowerCase();
  if (role && FIELD_ROLES.has(role)) return 'field';
  // Payment and password fields built from plain elements say so through autocomplete.
  const autocomplete = el.getAttribute('autocomplete')?.toLowerCase() ?? '';
  if (/\b(cc-|current-password|new-password|one-time-code)/.test(autocomplete)) return 'field';
  if (isEditable(el)) return 'editable';
  return null;
}

function isEditable(el: Element): boolean {
  const html = el as HTMLElement;
  // isContentEditable needs layout in some DOMs (jsdom lacks it); the attribute is the source.
  if (typeof html.isContentEditable === 'boolean' && html.isContentEditable) return true;
  const value = el.getAttribute('contenteditable');
  return value !== null && value.toLowerCase() !== 'false';
}
