import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const START = fileURLToPath(new URL('./start.mjs', import.meta.url));

describe.runIf(process.platform === 'linux')('npm start without a display', () => {
  it('stops before building and says what to do instead', () => {
    const env = { ...process.env };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    delete env.HEARTH_HEADLESS;
    const run = spawnSync(process.execPath, [START], { env, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('No display');
    expect(run.stderr).toContain('HEARTH_HEADLESS=1 npm start');
    expect(run.stderr).toContain('Load unpacked');
    expect(`${run.stdout}${run.stderr}`).not.toContain('Building the extension');
  });
});
