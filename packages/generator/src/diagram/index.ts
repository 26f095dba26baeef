import type { ArchitectureModel } from '@archgen/model';
import { toDot } from './dot.js';
import { toMermaid } from './mermaid.js';
import { renderSvg } from './svg.js';
import { diagramView } from './view.js';

export { toDot } from './dot.js';
export { toMermaid } from './mermaid.js';
export { renderSvg } from './svg.js';
export { type DiagramEdge, type DiagramEntry, type DiagramLegend, type DiagramNode, type DiagramView, type DiagramZone, diagramView, primaryZone } from './view.js';

/** The text formats, built synchronously from the IR. */
export type DiagramSourceFormat = 'dot' | 'mermaid';
export type DiagramFormat = DiagramSourceFormat | 'svg';

export const DIAGRAM_FORMATS: readonly DiagramFormat[] = ['svg', 'dot', 'mermaid'];

/** The architecture diagram of a model as DOT or Mermaid text. Pure and deterministic. */
export function diagram(model: ArchitectureModel, format: DiagramSourceFormat): string {
    const view = diagramView(model);
    return format === 'dot' ? toDot(view) : toMermaid(view);
}

/** The architecture diagram as SVG, laid out by Graphviz (WebAssembly, loaded once). */
export function renderDiagramSvg(model: ArchitectureModel): Promise<string> {
    return renderSvg(toDot(diagramView(model)));
}
