// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../lib/llm/errors';
import type { WebLlmModelInfo } from '../../lib/llm/webllm/catalog';
import type { WebLlmCatalog } from '../../lib/llm/webllm/engine';
import { DOWNLOAD_FAILED } from '../../lib/llm/webllm/translate';
import { classifyAdapter, describeGpu, NO_WEBGPU_REASON, type GpuStatus } from '../../lib/llm/webllm/webgpu';
import { pictographControls } from '../ui/glyph-check';
import { WebLlmModels, type WebLlmModelsEngine } from './WebLlmModels';

let host: HTMLDivElement;
beforeEach(() => {
  host = document.createElement('div');
  document.body.appendChild(host);
});
afterEach(() => {
  render(null, host);
  host.remove();
});
// Preact runs effects after paint with a timer: let the last ones fire before jsdom goes.
afterAll(() => new Promise((resolve) => setTimeout(resolve, 250)));

async function until(check: () => boolean, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await act(() => new Promise((r) => setTimeout(r, 20)));
  }
}

const model = (i: number): WebLlmModelInfo => ({
  id: `Model-${i}-q4f32_1-MLC`,
  label: `Model ${i}`,
  contextWindow: 4096,
  downloadMB: 500 + i,
  memoryMB: 900,
  cached: false,
  downloadIsEstimate: false,
  requiresShaderF16: false,
  lowResource: true,
  modelUrl: `https://example.invalid/${i}`,
  modelLib: `https://example.invalid/${i}.wasm`,
});

// SwiftShader as Chromium reports it: the software (fallback) adapter.
const SOFTWARE = classifyAdapter({
  features: { has: () => false },
  limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 30 },
  info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true },
});
const NONE = classifyAdapter(null, { noAdapterReason: NO_WEBGPU_REASON });

function fakeEngine(gpu: GpuStatus, models: WebLlmModelInfo[], recommended: WebLlmModelInfo | null) {
  const loads: string[] = [];
  const engine: WebLlmModelsEngine = {
    catalog: async (): Promise<WebLlmCatalog> => ({
      models,
      ...(gpu.kind === 'gpu' ? {} : { notice: gpu.kind === 'none' ? gpu.reason : describeGpu(gpu) }),
      gpu,
      recommendation: { model: recommended, reason: 'It is the smallest.' },
    }),
    cachedModels: async () => [],
    deleteModel: async () => {},
    // No network in tests, as in a browser that cannot reach the model host.
    load: async (id) => {
      loads.push(id);
      throw new EngineError('download-failed', DOWNLOAD_FAILED);
    },
  };
  return { engine, loads };
}

/** The catalog has replaced "Checking this device…". */
const catalogShown = () =>
  host.querySelector('.webllm-models') !== null && !host.textContent!.includes('Checking');
const downloadButtons = () => [
  ...host.querySelectorAll<HTMLButtonElement>('[aria-label="Models for this device"] button'),
];

describe('WebLlmModels', () => {
  const nine = Array.from({ length: 9 }, (_, i) => model(i + 1));

  it('puts the suggested model first and marks it, in the bounded list', async () => {
    const { engine } = fakeEngine(SOFTWARE, nine, nine[6]!);
    await act(() => render(<WebLlmModels engine={engine} />, host));
    await until(() => downloadButtons().length === 9, 'the model list');
    const rows = [...host.querySelectorAll('.webllm-model-list > li')];
    expect(rows[0]?.textContent).toContain('Model 7');
    expect(rows[0]?.querySelector('.badge')?.textContent).toBe('Suggested');
    expect(rows.slice(1).some((r) => r.querySelector('.badge'))).toBe(false);
    expect(downloadButtons().map((b) => b.getAttribute('aria-label'))).toEqual([
      'Download Model 7',
      ...[1, 2, 3, 4, 5, 6, 8, 9].map((i) => `Download Model ${i}`),
    ]);
    // The adapter sentence once, not again in the notice.
    expect(host.textContent!.split('software graphics adapter').length - 1).toBe(1);
    expect(pictographControls(host)).toEqual([]);
  });

  it('shows a failed download as an error that names the model', async () => {
    const { engine, loads } = fakeEngine(SOFTWARE, nine, nine[0]!);
    await act(() => render(<WebLlmModels engine={engine} />, host));
    await until(() => downloadButtons().length > 0, 'the model list');
    await act(() => downloadButtons()[0]!.click());
    await until(() => host.querySelector('[role="alert"]') !== null, 'the error');
    const alert = host.querySelector('[role="alert"]')!;
    expect(loads).toEqual(['Model-1-q4f32_1-MLC']);
    expect(alert.classList.contains('error')).toBe(true);
    expect(alert.textContent).toBe(`Model 1: ${DOWNLOAD_FAILED}`);
  });

  it('without WebGPU gives the reason, unless the page around already gave it', async () => {
    const { engine } = fakeEngine(NONE, [], null);
    await act(() => render(<WebLlmModels engine={engine} />, host));
    await until(() => catalogShown(), 'the catalog');
    expect(host.textContent!.split(NO_WEBGPU_REASON).length - 1).toBe(1);

    render(null, host);
    await act(() => render(<WebLlmModels engine={engine} showGpu={false} />, host));
    await until(() => catalogShown(), 'the catalog');
    expect(host.textContent).not.toContain('WebGPU');
    expect(host.textContent).toContain('Not available in this browser.');
    // Nothing can have been stored without WebGPU: no empty "Stored on this device" section.
    expect(host.textContent).not.toContain('Stored on this device');
  });

  it('a catalog that cannot be read is an error', async () => {
    const { engine } = fakeEngine(SOFTWARE, nine, null);
    engine.catalog = () => Promise.reject(new Error('boom'));
    await act(() => render(<WebLlmModels engine={engine} />, host));
    await until(() => host.querySelector('[role="alert"]') !== null, 'the error');
    const alert = host.querySelector('[role="alert"]')!;
    expect(alert.classList.contains('error')).toBe(true);
    expect(alert.textContent).toBe("Couldn't read the list of local models.");
  });
});
