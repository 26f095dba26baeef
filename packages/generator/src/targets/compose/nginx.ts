import type { Manifest } from '../../engine/manifest.js';

/**
 * The nginx-based components: gateways, load balancers and the frontends'
 * static sites. Filled by the running-system work (issue 3).
 */
export const nginxManifest: Manifest = [];
