import { defineConfig } from 'vitest/config';

// CI asks for a JSON report as well (to print "N passed, N failed"); people get the default view.
const jsonReport = process.env['VITEST_JSON_REPORT'];

export default defineConfig({
  // In the clone, `vmspec` (the package itself, as plug-ins import it) is its TypeScript source, as for tsc.
  resolve: { conditions: ['vmspec-source'] },
  ssr: { resolve: { conditions: ['vmspec-source'] } },
  test: {
    include: ['**/*.test.ts'],
    globalSetup: ['./vitest.tmpdir.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
