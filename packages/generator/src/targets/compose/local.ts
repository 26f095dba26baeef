import { type Manifest, entry } from '../../engine/manifest.js';
import { runLocalRunnerView, runLocalScriptView } from '../../views/local/run-local.js';

/**
 * Running the generated system without Docker: `./run-local.sh up|down|status|env`.
 * The shell script only finds Node and hands over to `run-local.mjs`, which
 * embeds the plan computed in views/local/plan.ts (Node built-ins only).
 */
export const localManifest: Manifest = [
    entry({
        template: 'compose/run-local.sh.hbs',
        scope: 'once',
        view: runLocalScriptView,
        output: () => 'run-local.sh',
        executable: true
    }),
    entry({
        template: 'compose/run-local.mjs.hbs',
        scope: 'once',
        view: runLocalRunnerView,
        output: () => 'run-local.mjs'
    })
];
