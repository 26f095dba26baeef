import type { Manifest } from '../../engine/manifest.js';

/**
 * Running the generated system without Docker: `run-local.sh up|down`.
 * Filled by the running-system work (issue 3).
 */
export const localManifest: Manifest = [];
