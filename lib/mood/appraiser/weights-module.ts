import type { WeightsSource } from './appraiser';

/**
 * The shipped weights as a module import, for Node (tests and `npm run eval`). The
 * extension's background fetches the same file instead (no `import()` in a service worker).
 */
export const importWeights: WeightsSource = () => import('./weights.json').then((module) => module.default);
