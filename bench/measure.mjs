// @ts-check
/**
 * One in-process measurement, run by bench/run.mjs in a fresh child process
 * per model size so that each peak of memory is that size's own:
 *
 *   node bench/measure.mjs <components> [--check] [--no-entities] [--no-generate] [--target compose]
 *
 * Checks a synthetic model through the public API (`checkSources`, as the CLI
 * does), timing each phase of Langium's DocumentBuilder, the IR, then the
 * generator; prints one JSON object on stdout.
 *
 * `--check`: as `archgen check` does, without the IR (and so with the CST built
 * only if something reads it: `cstBuilds` says how many times it was), with
 * its heap growth (packages/cli/src/lean-heap.ts), and without generating. Otherwise as `archgen generate` does: the CST built while
 * parsing, then the IR.
 */
import { performance } from 'node:perf_hooks';
import { checkSources, createArchgenServices, lazyCstBuilds } from '@archgen/language';
import { generate } from '@archgen/generator';
import { DocumentState, EmptyFileSystem } from 'langium';
import { withLeanHeap } from '../packages/cli/dist/lean-heap.js';
import { syntheticModel } from './synthetic.mjs';

const args = process.argv.slice(2);
const components = Number(args[0] ?? '100');
const entities = !args.includes('--no-entities');
const checkOnly = args.includes('--check');
const withGeneration = !checkOnly && !args.includes('--no-generate');
const targetIndex = args.indexOf('--target');
const target = targetIndex >= 0 ? args[targetIndex + 1] ?? 'compose' : 'compose';

const mib = (/** @type {number} */ kb) => Math.round((kb / 1024) * 10) / 10;
const maxRss = () => mib(process.resourceUsage().maxRSS);

const text = syntheticModel({ components, entities });
const baselineRss = maxRss();
const services = createArchgenServices(EmptyFileSystem);
const builder = services.shared.workspace.DocumentBuilder;

/** @type {Record<string, number>} */
const marks = {};
/** CPU time (user + system, all threads) in ms at each mark: less disturbed than wall time on a shared machine. */
/** @type {Record<string, number>} */
const cpu = {};
const cpuNow = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
};
const mark = (/** @type {string} */ name) => () => {
    marks[name] = performance.now();
    cpu[name] = cpuNow();
};
builder.onUpdate(mark('parsed'));
builder.onBuildPhase(DocumentState.IndexedContent, mark('indexed'));
builder.onBuildPhase(DocumentState.ComputedScopes, mark('scoped'));
builder.onBuildPhase(DocumentState.Linked, mark('linked'));
builder.onBuildPhase(DocumentState.IndexedReferences, mark('referenced'));
builder.onBuildPhase(DocumentState.Validated, () => {
    mark('validated')();
    marks['rssValidated'] = maxRss();
});

const start = performance.now();
const cpuStart = cpuNow();
const checking = () => checkSources(services, [{ uri: 'file:///bench/synthetic.arch', text }], { model: !checkOnly });
const [result] = await (checkOnly ? withLeanHeap(checking) : checking());
const checked = performance.now();
const cpuChecked = cpuNow();
if (!result) throw new Error('no check result');
const errors = result.diagnostics.filter(d => d.severity === 'error');
const warnings = result.diagnostics.filter(d => d.severity === 'warning');
if (errors.length > 0 || (!checkOnly && !result.model)) {
    throw new Error(`the synthetic model has errors: ${errors.slice(0, 3).map(d => `${d.range.start.line + 1}: ${d.code} ${d.message}`).join('; ')}`);
}
const rssChecked = maxRss();

let generation;
if (withGeneration) {
    const before = performance.now();
    const cpuBefore = cpuNow();
    const generated = generate(result.model, { target });
    const ms = performance.now() - before;
    generation = {
        ms: round(ms),
        cpuMs: round(cpuNow() - cpuBefore),
        files: generated.files.length,
        bytes: generated.files.reduce((sum, f) => sum + (typeof f.content === 'string' ? Buffer.byteLength(f.content) : f.content.length), 0),
        peakRssMiB: maxRss()
    };
}

const at = (/** @type {string} */ name) => marks[name] ?? Number.NaN;
const cpuAt = (/** @type {string} */ name) => cpu[name] ?? Number.NaN;
console.log(JSON.stringify({
    mode: checkOnly ? 'check' : 'generate',
    components: countOf(/^ {4}component /gm),
    connectors: countOf(/^ {4}connector /gm),
    cstBuilds: lazyCstBuilds(),
    entities,
    lines: text.split('\n').length,
    bytes: Buffer.byteLength(text),
    warnings: warnings.length,
    ms: phases(at, start, checked, generation?.ms),
    cpuMs: phases(cpuAt, cpuStart, cpuChecked, generation?.cpuMs),
    memory: {
        baselineRssMiB: baselineRss,
        peakRssValidatedMiB: at('rssValidated'),
        peakRssCheckedMiB: rssChecked,
        ...(generation ? { peakRssGeneratedMiB: generation.peakRssMiB } : {})
    },
    ...(generation ? { generated: { files: generation.files, bytes: generation.bytes } } : {})
}));

/** How many lines of the model's text match (the IR, which counts them, is not built in --check). */
function countOf(/** @type {RegExp} */ pattern) {
    return text.match(pattern)?.length ?? 0;
}

/** @param {number} x */
function round(x) {
    return Math.round(x * 10) / 10;
}

/**
 * The time of each phase from the clock readings at its end (wall or CPU).
 * @param {(name: string) => number} at the reading at the end of a builder phase
 * @param {number} start the reading before the check
 * @param {number} checked the reading after the check (the IR built)
 * @param {number | undefined} generate the generation's own time, when it ran
 */
function phases(at, start, checked, generate) {
    return {
        parse: round(at('parsed') - start),
        index: round(at('indexed') - at('parsed')),
        scopes: round(at('scoped') - at('indexed')),
        link: round(at('linked') - at('scoped')),
        indexReferences: round(at('referenced') - at('linked')),
        validate: round(at('validated') - at('referenced')),
        ir: round(checked - at('validated')),
        parseToValidated: round(at('validated') - start),
        check: round(checked - start),
        ...(generate === undefined ? {} : { generate })
    };
}
