import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
    resolve: {
        // Tests run against the sources; `npm test` still builds first so the
        // CLI tests can spawn the real `archgen` binary.
        alias: {
            '@archgen/model': pkg('model'),
            '@archgen/language': pkg('language'),
            '@archgen/generator': pkg('generator')
        }
    },
    test: {
        include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'fuzz/**/*.test.ts'],
        // Every archgen a test spawns runs in its own process and leaves no daemon behind; the daemon's own
        // tests give their processes an environment of their own.
        env: { ARCHGEN_NO_DAEMON: '1' },
        testTimeout: 30_000,
        hookTimeout: 60_000
    }
});
