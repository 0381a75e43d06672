import type { ComponentChildren } from 'preact';
import type { EngineKind } from '../../lib/llm/engine';
import { ENGINE_LABELS } from '../../lib/llm/registry';
import type { EngineSettings, Settings } from '../../lib/settings/schema';
import { updateSettings } from '../../lib/settings/store';
import { EndpointForm } from './EndpointForm';
import { ChromeBuiltinCard } from './ChromeBuiltinCard';
import { WebLlmSection } from './WebLlmSection';

/** Saves an engine choice; choosing one also ends the first-run screen. */
export async function chooseEngine(kind: EngineKind, patch: Partial<EngineSettings> = {}): Promise<Settings> {
  return updateSettings((s) => ({ ...s, onboarded: true, engine: { ...s.engine, ...patch, active: kind } }));
}

function Card({
  kind,
  active,
  recommended,
  children,
}: {
  kind: EngineKind;
  active: boolean;
  recommended?: boolean;
  children: ComponentChildren;
}) {
  const label = ENGINE_LABELS[kind];
  return (
    <section class={`card ${active ? 'card-active' : ''}`} aria-labelledby={`engine-${kind}`}>
      <h3 id={`engine-${kind}`}>
        {label.title} {recommended && <span class="badge">Recommended here</span>}
      </h3>
      <p class="muted">{label.blurb}</p>
      {children}
    </section>
  );
}

/**
 * The three engines, each with its own setup; used by the first run and the options page.
 * The recommended engine comes first, so a long list of local models on a device that
 * cannot run them well never pushes the suggestion off screen.
 */
export function EngineChooser({
  settings,
  recommended,
  gpuExplained = false,
}: {
  settings: Settings;
  recommended?: EngineKind;
  /** True where the page already says what the graphics adapter can do (first run). */
  gpuExplained?: boolean;
}) {
  const active = settings.engine.active;
  const cards: Record<EngineKind, ComponentChildren> = {
    webllm: (
      <Card key="webllm" kind="webllm" active={active === 'webllm'} recommended={recommended === 'webllm'}>
        <WebLlmSection
          activeModelId={active === 'webllm' ? settings.engine.webllm.modelId : null}
          showGpu={!gpuExplained}
          onUse={(modelId) => chooseEngine('webllm', { webllm: { modelId } }).then(() => undefined)}
        />
      </Card>
    ),
    openai: (
      <Card key="openai" kind="openai" active={active === 'openai'} recommended={recommended === 'openai'}>
        <EndpointForm
          initial={settings.engine.openai}
          active={active === 'openai'}
          onUse={(openai) => chooseEngine('openai', { openai }).then(() => undefined)}
        />
      </Card>
    ),
    chrome: (
      <Card key="chrome" kind="chrome" active={active === 'chrome'}>
        <ChromeBuiltinCard
          active={active === 'chrome'}
          onUse={() => chooseEngine('chrome').then(() => undefined)}
        />
      </Card>
    ),
  };
  const order: EngineKind[] = ['webllm', 'openai', 'chrome'];
  if (recommended) order.sort((a, b) => Number(b === recommended) - Number(a === recommended));
  return <div class="stack">{order.map((kind) => cards[kind])}</div>;
}
