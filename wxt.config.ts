import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { webLlmModelList } from './scripts/vite-webllm-model-list';
import { inlineWasmChunk, splitInlineWasm } from './scripts/vite-split-inline-wasm';

// Rendered from public/icon/hearth.svg by `npm run icons` (Chrome's manifest takes PNG only).
const ICONS = { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' };

// WXT has no official Preact module; the Vite preset works as a plain plugin.
export default defineConfig({
  imports: false, // lib/ is imported explicitly: the dependency graph stays visible.
  vite: () => ({
    // webLlmModelList: the panel gets web-llm's model list at build time, not web-llm itself.
    plugins: [preact(), webLlmModelList()],
    // End-to-end builds only: the background's test clock and scripted appraisals
    // (lib/companion/background/e2e-edges.ts); every other build compiles them out.
    define: { 'import.meta.env.HEARTH_E2E': JSON.stringify(process.env.HEARTH_E2E === '1') },
    build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
    worker: {
      format: 'es',
      // web-llm ships once, in its worker; its inlined wasm goes to chunks of its own so that
      // no file is over the 5 MB addons.mozilla.org's linter can read.
      plugins: () => [splitInlineWasm()],
      rollupOptions: { output: { manualChunks: inlineWasmChunk } },
    },
  }),
  hooks: {
    // WXT grants a runtime-registered content script's matches as static host access.
    // Hearth asks for each site (and each endpoint origin) at run time instead.
    'build:manifestGenerated': (_wxt, manifest) => {
      delete manifest.host_permissions;
      // End-to-end builds only: a person grants a tab by opening Hearth on it (activeTab
      // through the keyboard command), which a headless test cannot do. The tests' own
      // loopback pages stand in for that grant; no other build carries it.
      if (process.env.HEARTH_E2E === '1') manifest.host_permissions = ['http://127.0.0.1/*'];
      // WXT writes options_ui and sidebar_action from the entrypoints; finish them here.
      // Settings open in a tab from every place (⚙ and the "Remembered" chips alike), never
      // in the browser's small options dialog.
      if (manifest.options_ui) manifest.options_ui.open_in_tab = true;
      const sidebar = (manifest as { sidebar_action?: Record<string, unknown> }).sidebar_action;
      if (sidebar) sidebar.default_icon = ICONS;
    },
  },
  manifest: ({ browser }) => ({
    name: 'Hearth',
    description: 'A companion that lives in your browser. Private by default: the model runs on your device.',
    // No `tabs`: it shows "Read your browsing history" at install, and Hearth needs only tab
    // ids, `incognito` and the active tab, which come without it (activeTab for the rest).
    permissions: [
      'storage',
      'unlimitedStorage',
      'scripting',
      'activeTab',
      // The webhook outbox's one retry alarm (issue 10) and page tracking's 30 s tick
      // (lib/companion/background/page-events.ts).
      'alarms',
      // "Ask Hearth about this page / selection" in the page's context menu.
      'contextMenus',
      // Chrome's background has no DOM: Readability runs in an offscreen document.
      ...(browser === 'firefox' ? [] : ['sidePanel', 'offscreen']),
    ],
    // No static host access: the endpoint's origin and the sites Hearth may read are asked
    // for at run time, one origin at a time.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    // Hearth never reads private windows.
    incognito: 'not_allowed',
    icons: ICONS,
    // The toolbar button: Chrome opens the side panel on click (the background sets
    // openPanelOnActionClick); Firefox toggles the sidebar from action.onClicked.
    action: { default_title: 'Open Hearth', default_icon: ICONS },
    commands: {
      'open-panel': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: 'Open Hearth',
      },
      'ask-page': {
        suggested_key: { default: 'Alt+Shift+P' },
        description: 'Ask Hearth about this page',
      },
      'ask-selection': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: 'Ask Hearth about the selected text',
      },
    },
    content_security_policy: {
      // web-llm and transformers.js compile WebAssembly.
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'hearth@hearth.local',
              strict_min_version: '128.0',
              // Firefox's declaration of what an add-on sends its developer: nothing.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
