/**
 * @archgen/generator: pure `generate(model, options)` over Handlebars templates.
 * The IR (`@archgen/model`) is its only input; the CLI writes what it returns.
 */
export { generate } from './generate.js';
export { listTargets } from './targets/index.js';
export type { DiagramInput, GenerateOptions, GeneratedFile, GenerationResult, SecretSpec, TargetId, TargetInfo } from './types.js';
/** The environment contract, for tools that run the generated system without compose (run-local.sh). */
export { type AddressBook, type EnvVar, composeAddresses, environmentFor } from './views/environment.js';
export { CONTAINER_PORTS } from './views/ports.js';
/** Running the nginx-based components natively: render a `*.template` with a component's environment, wrap it. */
export { type NativeMainConfOptions, nativeMainConf, renderNginxTemplate } from './views/nginx/native.js';
/** The architecture diagram: DOT and Mermaid text (pure), SVG through Graphviz as WebAssembly (async). */
export {
    DIAGRAM_FORMATS, type DiagramFormat, type DiagramSourceFormat, type DiagramView, diagram, diagramView, renderDiagramSvg, renderSvg, toDot, toMermaid
} from './diagram/index.js';
