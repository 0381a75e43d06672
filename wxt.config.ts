import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// WXT has no official Preact module; the Vite preset works as a plain plugin.
export default defineConfig({
  imports: false, // lib/ is imported explicitly: the dependency graph stays visible.
  vite: () => ({
    plugins: [preact()],
    build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
    worker: { format: 'es' },
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
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    // No static host access: the endpoint's origin and the sites Hearth may read are asked
    // for at run time, one origin at a time.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    // Hearth never reads private windows.
    incognito: 'not_allowed',
    commands: {
      'open-panel': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: 'Open Hearth',
      },
    },
    content_security_policy: {
      // web-llm and transformers.js compile WebAssembly.
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'hearth@hearth.local', strict_min_version: '128.0' } } }
      : {}),
  }),
});
