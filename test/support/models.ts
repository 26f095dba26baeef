/** Loading the repository's models in tests: parsed, checked, and built into the IR. */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { EmptyFileSystem } from 'langium';
import type { ArchitectureModel } from '@archgen/model';
import { checkSources, createArchgenServices } from '@archgen/language';

const services = createArchgenServices(EmptyFileSystem);

/** The IR of a model in the repository (a path relative to its root, e.g. `examples/lab.arch`); throws when it has errors. */
export async function loadModel(relativePath: string): Promise<ArchitectureModel> {
    const url = new URL(`../../${relativePath}`, import.meta.url);
    const [checked] = await checkSources(services, [{ uri: pathToFileURL(url.pathname).toString(), text: readFileSync(url, 'utf8') }]);
    if (!checked?.model) throw new Error(`${relativePath} does not build: ${JSON.stringify(checked?.diagnostics)}`);
    return checked.model;
}
