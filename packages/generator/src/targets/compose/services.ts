import type { Manifest } from '../../engine/manifest.js';

/**
 * The generated services (backend and mqtp components): the npm workspace at
 * the root of the output, the shared runtime, and one small package per
 * service. Filled by the running-system work (issue 3).
 */
export const servicesManifest: Manifest = [];
