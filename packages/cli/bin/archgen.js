#!/usr/bin/env node
// Runs the bundle (dist/archgen.cjs, built by `npm run build`, with its code
// cache) when it is at least as new as the last compile of every package,
// else the compiled entry: a `tsc -b` without the bundle step never runs
// stale code. With the bundle, a command goes to the `archgen daemon` of
// that bundle when one runs, and otherwise runs here and starts one for the
// next command (src/daemon/client.ts).
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const mtime = url => {
    try {
        return statSync(new URL(url, import.meta.url)).mtimeMs;
    } catch {
        return undefined;
    }
};
const bundle = mtime('../dist/archgen.cjs');
const builds = ['../tsconfig.tsbuildinfo', '../../language/tsconfig.tsbuildinfo', '../../generator/tsconfig.tsbuildinfo', '../../model/tsconfig.tsbuildinfo']
    .map(mtime)
    .filter(t => t !== undefined);
if (bundle !== undefined && builds.every(t => t <= bundle)) {
    const file = fileURLToPath(new URL('../dist/archgen.cjs', import.meta.url));
    // A running `archgen daemon` of this very bundle runs the command without loading it here.
    const [{ runInDaemon, autoStartDaemon }, { exitQuietlyOnEpipe }] = await Promise.all([import('../dist/daemon/client.js'), import('../dist/io.js')]);
    exitQuietlyOnEpipe();
    const io = {
        argv: process.argv.slice(2),
        cwd: process.cwd(),
        env: process.env,
        stdout: process.stdout,
        stderr: process.stderr,
        stdoutIsTTY: process.stdout.isTTY === true,
        stderrIsTTY: process.stderr.isTTY === true,
        umask: process.umask()
    };
    const code = await runInDaemon(file, io);
    if (code !== undefined) process.exitCode = code;
    else {
        const { loadBundle } = await import('../dist/bundle-loader.js');
        await loadBundle(file).exports.main();
        // None of this build answered: one starts in the background for the next command (not on CI).
        autoStartDaemon(file, io);
    }
} else {
    const { main } = await import('../dist/main.js');
    await main();
}
