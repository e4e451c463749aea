import { defineConfig } from 'vitest/config';

// `import ... from 'baton'` (the package importing itself) resolves to the TypeScript source in tests;
// the rest is Vite's default server conditions (its `defaultServerConditions`).
// Shared with vitest.reliability.config.ts: without it 'baton' would resolve to whatever dist/ holds.
const conditions = ['baton-source', 'module', 'node', 'development|production'];
export const resolveFromSource = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['baton-source'] } },
};

export default defineConfig({
  ...resolveFromSource,
  test: {
    include: ['**/*.test.ts'],
    // The reliability tests start their own Redis servers and Baton processes and kill them: they run
    // after the rest, one file at a time (vitest.reliability.config.ts, `npm run test:reliability`).
    exclude: ['node_modules/**', 'dist/**', 'tests/reliability/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
