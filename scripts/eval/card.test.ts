import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { importCard } from '../../lib/persona/cards/import-card';
import { b64, jsonBytes, pngWith, tEXt, v2Card, v3Card } from '../../lib/persona/cards/test-fixtures';
import { main } from './card';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-card-eval-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs the suite's main and returns its exit code and its last line of output, parsed. */
async function run(args: string[]): Promise<{ code: number; last: Record<string, unknown> }> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const code = await main(args);
  expect(lines.length).toBeGreaterThan(0);
  return { code, last: JSON.parse(lines.at(-1)!) as Record<string, unknown> };
}

describe('npm run eval -- card', () => {
  it('prints the card’s figures on its last line', async () => {
    const file = join(dir, 'aria.png');
    await writeFile(file, pngWith([tEXt('chara', b64(v2Card()))]));
    const { code, last } = await run([file]);
    expect(code).toBe(0);
    expect(last).toEqual({
      suite: 'card',
      ok: true,
      spec: 'chara_card_v2',
      name: 'Aria',
      greetings: 3,
      lorebookEntries: 1,
      assets: 0,
      extensions: ['talkativeness', 'depth_prompt'],
      container: 'png',
    });
  });

  it('exports to each format, and what it writes imports again', async () => {
    const file = join(dir, 'mira.json');
    await writeFile(file, jsonBytes(v3Card()));
    for (const [name, format] of [
      ['out.png', 'png'],
      ['out.json', 'json-v3'],
      ['out.charx', 'charx'],
    ] as const) {
      const out = join(dir, name);
      const { code, last } = await run([file, '--export', out]);
      expect(code).toBe(0);
      expect(last).toMatchObject({
        ok: true,
        spec: 'chara_card_v3',
        name: 'Mira',
        assets: 2,
        exported: { format },
      });
      const again = importCard(new Uint8Array(await readFile(out))).card;
      expect(again.data.nickname).toBe('Mi');
    }
  });

  it('prints ok:false with the reason on failure', async () => {
    const nameless = join(dir, 'nameless.json');
    await writeFile(nameless, jsonBytes({ name: '', description: 'x' }));
    expect(await run([nameless])).toEqual({
      code: 1,
      last: { suite: 'card', ok: false, error: 'the card has no name' },
    });
    const missing = await run([join(dir, 'nope.png')]);
    expect(missing.code).toBe(1);
    expect(missing.last).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^cannot read .*nope\.png/),
    });
    const good = join(dir, 'good.json');
    await writeFile(good, jsonBytes(v2Card()));
    const badExport = await run([good, '--export', join(dir, 'out.txt')]);
    expect(badExport.last).toMatchObject({
      ok: false,
      error: expect.stringMatching(/must end in \.png, \.json or \.charx/),
    });
    expect((await run([])).last).toMatchObject({ ok: false, error: expect.stringMatching(/^usage:/) });
  });
});
