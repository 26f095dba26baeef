import type { ArchitectureModel } from '@archgen/model';
import { diagramView } from '../diagram/view.js';
import { toMermaid } from '../diagram/mermaid.js';
import type { DiagramInput } from '../types.js';

/** What `diagram.mmd.hbs` prints: the Mermaid diagram of the model. */
export interface DiagramMermaidView {
    readonly mermaid: string;
}

export function diagramMermaidView(model: ArchitectureModel): DiagramMermaidView {
    return { mermaid: toMermaid(diagramView(model)) };
}

/** What `diagram.svg.hbs` prints: the SVG the caller rendered, ending in one line break. */
export interface DiagramSvgView {
    readonly svg: string;
}

export function diagramSvgView(diagram: DiagramInput): DiagramSvgView {
    return { svg: `${diagram.svg.trimEnd()}\n` };
}
