import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: [
      'lib/**/*.test.ts',
      'components/**/*.test.tsx',
      'test/unit/**/*.test.ts',
      'test/unit/**/*.test.tsx',
      'scripts/**/*.test.ts',
    ],
    setupFiles: ['test/unit/setup.ts'],
    environment: 'node',
    // A loaded 2-core CI machine runs real loopback servers and IndexedDB stand-ins slowly.
    testTimeout: 30_000,
  },
});
