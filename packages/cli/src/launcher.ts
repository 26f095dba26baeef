import { loadBundle } from './bundle-loader.js';
import { autoStartDaemon, runInDaemon, type ClientIo } from './daemon/client.js';
import { exitQuietlyOnEpipe } from './io.js';

/**
 * What bin/archgen.js runs when the bundle is current, bundled on its own as
 * dist/launcher.cjs by scripts/bundle.mjs: CommonJS, so that Node.js runs a
 * command without starting its ES module loader (some 10 ms of every call).
 * The command goes to a running daemon of this bundle; without one it runs
 * here, from the bundle, and leaves a daemon for the next command.
 */
export async function launch(bundle: string): Promise<void> {
    exitQuietlyOnEpipe();
    const io: ClientIo = {
        argv: process.argv.slice(2),
        cwd: process.cwd(),
        env: process.env,
        stdout: process.stdout,
        stderr: process.stderr,
        stdoutIsTTY: process.stdout.isTTY === true,
        stderrIsTTY: process.stderr.isTTY === true,
        umask: process.umask()
    };
    const code = await runInDaemon(bundle, io);
    if (code !== undefined) {
        process.exitCode = code;
        return;
    }
    await loadBundle(bundle).exports.main();
    // No daemon of this build answered: one starts in the background for the next command (not on CI).
    autoStartDaemon(bundle, io);
}
