// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { inlineStyleLayout } from '../../test/unit/support/inline-style-layout';
import { startPageReader } from './page-reader';

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('the page reader in a page', () => {
  it('sends a snapshot at once, follows a single-page app to its new address, and reads again on request', async () => {
    document.body.innerHTML = '<main><p>Sea otters hold hands while they sleep.</p></main>';
    const sent: { type: string; payload: { url: string; html: string } }[] = [];
    const reader = startPageReader(
      window,
      async (envelope) => {
        sent.push(envelope as (typeof sent)[number]);
        return { ok: true, value: { accepted: true } };
      },
      { pollMs: 10, settleMs: 10, snapshot: { layout: inlineStyleLayout() } },
    );
    try {
      await waitFor(() => sent.length === 1);
      expect(sent[0]!.type).toBe('page/visible');
      expect(sent[0]!.payload.html).toContain('Sea otters hold hands');

      history.pushState({}, '', '/kelp');
      document.body.innerHTML = '<main><p>Kelp forests shelter the otters.</p></main>';
      await waitFor(() => sent.length === 2);
      expect(sent[1]!.payload.url).toMatch(/\/kelp$/);
      expect(sent[1]!.payload.html).toContain('Kelp forests');

      // A new fragment is the same page: not read again.
      history.pushState({}, '', '/kelp#more');
      await new Promise((r) => setTimeout(r, 60));
      expect(sent).toHaveLength(2);

      await reader.readNow();
      expect(sent).toHaveLength(3);
    } finally {
      reader.stop();
    }
  });

  it('sends again when the background did not answer, and stops after a refusal', async () => {
    document.body.innerHTML = '<p>Otters.</p>';
    let calls = 0;
    const reader = startPageReader(
      window,
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('message channel closed');
        return { ok: false, error: { message: 'This page is not read: you blocked this site.' } };
      },
      { pollMs: 1000, snapshot: { layout: inlineStyleLayout() } },
    );
    try {
      await waitFor(() => calls === 2);
      await new Promise((r) => setTimeout(r, 400));
      expect(calls).toBe(2);
    } finally {
      reader.stop();
    }
  });
});
