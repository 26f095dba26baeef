import { EmptyFileSystem } from 'langium';
import { createArchgenServices } from '../arch-module.js';
import { checkSources, type CheckedDocument } from '../api.js';

let services: ReturnType<typeof createArchgenServices> | undefined;

export function testServices(): ReturnType<typeof createArchgenServices> {
    services ??= createArchgenServices(EmptyFileSystem);
    return services;
}

let counter = 0;

/** Checks one model text as the file `file:///test/<name>.arch`. */
export async function check(text: string, name = `model${++counter}`): Promise<CheckedDocument> {
    const [result] = await checkSources(testServices(), [{ uri: `file:///test/${name}.arch`, text }]);
    return result!;
}

/** The diagnostics as `line:col code` strings (1-based), for compact assertions. */
export function codesAt(doc: CheckedDocument): string[] {
    return doc.diagnostics.map(d => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`);
}
