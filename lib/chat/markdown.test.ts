// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

const payloads = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '[click](javascript:window.__xss=1)',
  '<a href="javascript:alert(1)">x</a>',
  '<svg><script>alert(1)</script></svg>',
  '<iframe src="https://evil.test"></iframe>',
  '![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<style>body{display:none}</style>',
  '[x](  JaVaScRiPt:alert(1))',
];

describe('renderMarkdown', () => {
  it('renders ordinary markdown', () => {
    const html = renderMarkdown('**bold** and `code`\n\n- a\n- b\n\n[site](https://example.com)');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<li>a</li>');
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it.each(payloads)('never produces live HTML from %s', (payload) => {
    const html = renderMarkdown(`before ${payload} after`);
    const host = document.createElement('div');
    host.innerHTML = html;
    expect(host.querySelector('script, iframe, img, svg, style, [onerror]')).toBeNull();
    for (const a of host.querySelectorAll('a'))
      expect(a.getAttribute('href') ?? '').toMatch(/^(https?:|mailto:|$)/);
    expect(host.textContent).toContain('before');
  });
});
