// The archgen CLI, bundled into dist/cli.cjs so the extension can run
// `node dist/cli.cjs generate <model> -o <folder>` with the CLI's own checks and
// safe-write rules (kept edits, <file>.new, .env secrets), without node_modules.
import { main } from '@archgen/cli';
import Module from 'node:module';
import * as path from 'node:path';

// The generator copies Bootstrap's built files out of the `bootstrap` package
// (require.resolve). The extension ships them in vendor/ instead of node_modules/:
// make that folder a global module path before the generator runs.
const vendor = path.join(__dirname, '..', 'vendor');
process.env['NODE_PATH'] = [vendor, process.env['NODE_PATH']].filter(Boolean).join(path.delimiter);
(Module as unknown as { _initPaths?: () => void })._initPaths?.();

void main();
