// @vitest-environment jsdom
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { PICTOGRAPH, pictographControls } from './glyph-check';
import { CloseIcon, MenuIcon, PencilIcon, PinIcon, PlusIcon, SettingsIcon, TrashIcon } from './icons';

// vitest runs from the repository root (its config is there); jsdom's import.meta.url is not a file URL.
const ROOT = process.cwd();

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.(tsx|html)$/.test(entry.name) && !/\.test\.tsx$/.test(entry.name) ? [rel] : [];
  });
}

/** Source without comments (block comments, and line comments that start a line or follow a space). */
function withoutComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/(^|\s)\/\/.*$/gm, '$1')
    .replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
}

describe('no emoji or pictograph glyphs as icons', () => {
  it('the interface source draws no pictograph characters (icons come from icons.tsx)', () => {
    const files = [...sourceFiles('components'), ...sourceFiles('entrypoints')];
    expect(files).toContain(path.join('components', 'chat', 'ChatScreen.tsx'));
    const found = files.flatMap((file) =>
      withoutComments(readFileSync(path.join(ROOT, file), 'utf8'))
        .split('\n')
        .flatMap((line, i) => (PICTOGRAPH.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it('the check catches what it is for', () => {
    for (const glyph of ['☰', '⚙', '✕', '🗑', '📌', '✎', '★', '☆', '×', '⚙️']) {
      expect(PICTOGRAPH.test(glyph), glyph).toBe(true);
    }
    for (const text of ['Copy', 'Regenerate', 'Download 1.2 GB…', 'Forget — undo', 'ça va · 5']) {
      expect(PICTOGRAPH.test(text), text).toBe(false);
    }
    const host = document.createElement('div');
    render(
      <>
        <button aria-label="Delete">🗑</button>
        <button aria-label="New chat">+</button>
        <button>
          <TrashIcon />
        </button>
        <a href="#x">Fine</a>
      </>,
      host,
    );
    expect(pictographControls(host)).toEqual([
      '<button "Delete"> shows a pictograph: 🗑',
      '<button "New chat"> shows a bare symbol: +',
      '<button> has an icon but no accessible name',
    ]);
  });

  it('icons are decorative SVG and leave the button its accessible name', () => {
    const host = document.createElement('div');
    const icons = [MenuIcon, PlusIcon, SettingsIcon, CloseIcon, TrashIcon, PencilIcon, PinIcon];
    render(
      <>
        {icons.map((Icon, i) => (
          <button key={i} type="button" class="icon" aria-label={`Action ${i}`}>
            <Icon />
          </button>
        ))}
      </>,
      host,
    );
    const buttons = [...host.querySelectorAll('button')];
    expect(buttons).toHaveLength(icons.length);
    for (const button of buttons) {
      const svg = button.querySelector('svg')!;
      expect(svg.getAttribute('aria-hidden')).toBe('true');
      expect(svg.getAttribute('focusable')).toBe('false');
      expect(svg.querySelector('path, circle')).not.toBeNull();
      expect(button.textContent).toBe('');
    }
    expect(pictographControls(host)).toEqual([]);
  });

  it('a filled icon fills, an outline one does not', () => {
    const host = document.createElement('div');
    render(
      <>
        <PinIcon filled />
        <PinIcon />
      </>,
      host,
    );
    const [filled, outline] = [...host.querySelectorAll('svg')];
    expect(filled!.getAttribute('fill')).toBe('currentColor');
    expect(outline!.getAttribute('fill')).toBe('none');
  });
});
