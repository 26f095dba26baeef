/**
 * The long fuzz campaign: `npm run fuzz -- [--count N] [--seed S] [--minutes M] [--workers W] [--out DIR] [--limit MS]`,
 * `npm run fuzz -- --replay <path>` to run one saved input (a failure folder, an input.json, .arch files),
 * and `npm run fuzz -- --minimize <path>` to shrink it while its first finding stays.
 *
 * Input i of the campaign is `inputFor(S + i)`, so `--seed S+i --count 1`
 * reproduces it. Workers (worker threads, one per core by default) each take
 * every W-th seed; the main thread prints progress and the rate, and writes
 * each failing input to `<out>/seed-<n>/` with a `finding.txt`. A worker that
 * stays silent for `--hang` seconds on one input is reported as a hang and
 * replaced. Exit code 1 when anything was found.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { FuzzFile } from './corpus.js';
import { inputFor, type FuzzInput } from './inputs.js';
import { minimize } from './minimize.js';
import { examine, Oracle, type Finding, type Verdict } from './oracle.js';
import { repoRoot } from './paths.js';

interface Options {
    seed: number;
    count: number;
    minutes: number;
    workers: number;
    out: string;
    limitMs: number;
    hangSeconds: number;
    replay?: string;
    minimize?: string;
}

type ToMain =
    | { type: 'start'; seed: number }
    | { type: 'done'; seed: number; ms: number; slowest: Verdict['slowest']; hasErrors: boolean; syntaxErrors: boolean; generated: number; findings: Finding[] };

type ToWorker = { type: 'stop' };

function parseOptions(argv: readonly string[]): Options {
    const value = (name: string): string | undefined => {
        const i = argv.indexOf(`--${name}`);
        return i >= 0 ? argv[i + 1] : argv.find(a => a.startsWith(`--${name}=`))?.slice(name.length + 3);
    };
    const number = (name: string, fallback: number): number => {
        const v = value(name);
        if (v === undefined) return fallback;
        const n = Number(v);
        if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} takes a number, not '${v}'.`);
        return n;
    };
    if (argv.includes('--help')) {
        console.log('npm run fuzz -- [--count N] [--seed S] [--minutes M] [--workers W] [--out DIR] [--limit MS] [--hang S]');
        console.log('npm run fuzz -- --replay <failure folder | input.json | model.arch | folder of .arch files>');
        console.log('npm run fuzz -- --minimize <the same>   shrinks it while the first finding stays, writes <path>.min/');
        process.exit(0);
    }
    return {
        seed: number('seed', Date.now() % 1_000_000_000),
        count: number('count', 100_000),
        minutes: number('minutes', 0),
        workers: Math.max(1, number('workers', Math.min(availableParallelism(), 8))),
        out: resolve(value('out') ?? join(repoRoot(), 'fuzz', 'failures')),
        limitMs: number('limit', 2000),
        hangSeconds: number('hang', 30),
        ...(value('replay') !== undefined ? { replay: resolve(value('replay')!) } : {}),
        ...(value('minimize') !== undefined ? { minimize: resolve(value('minimize')!) } : {})
    };
}

// ------------------------------------------------------------------ worker

async function work(data: { first: number; step: number; end: number; limitMs: number }): Promise<void> {
    const oracle = new Oracle();
    let stop = false;
    parentPort!.on('message', (m: ToWorker) => { if (m.type === 'stop') stop = true; });
    // Warm up (template compilation, first parse) so the first input's time is not counted against it.
    for (let seed = 0; seed < 8; seed++) await oracle.run(inputFor(seed).files);
    for (let seed = data.first; seed < data.end && !stop; seed += data.step) {
        parentPort!.postMessage({ type: 'start', seed } satisfies ToMain);
        const input = inputFor(seed);
        const verdict = await examine(oracle, input.files, data.limitMs);
        let findings = [...verdict.findings];
        if (findings.length > 0) {
            // Does it fail on its own, in fresh services, or only after the inputs before it?
            const alone = await examine(new Oracle(), input.files, data.limitMs);
            if (alone.findings.length === 0) findings = findings.map(f => ({ ...f, message: `${f.message} (only after earlier inputs: not reproduced in fresh services)` }));
        }
        parentPort!.postMessage({ type: 'done', seed, ms: verdict.ms, slowest: verdict.slowest, hasErrors: verdict.hasErrors, syntaxErrors: verdict.syntaxErrors, generated: verdict.generated, findings } satisfies ToMain);
        // Let the stop message in.
        await new Promise(r => setImmediate(r));
    }
}

// ------------------------------------------------------------------ main

function saveFailure(out: string, input: FuzzInput, findings: readonly Finding[]): string {
    const dir = join(out, `seed-${input.seed}`);
    mkdirSync(dir, { recursive: true });
    for (const f of input.files) writeFileSync(join(dir, f.name), f.text);
    // The exact input (UTF-8 files cannot hold a lone surrogate); `--replay <dir>` reads it back.
    writeFileSync(join(dir, 'input.json'), JSON.stringify({ seed: input.seed, recipe: input.recipe, files: input.files }, null, 2) + '\n');
    const report = [
        `seed: ${input.seed}`,
        `recipe: ${input.recipe}`,
        `reproduce: npm run fuzz -- --seed ${input.seed} --count 1 --workers 1   (or --replay ${dir})`,
        '',
        ...findings.map(f => `${f.kind}${f.file ? ` [${f.file}]` : ''}: ${f.message}`)
    ].join('\n');
    writeFileSync(join(dir, 'finding.txt'), report + '\n');
    return dir;
}

function readInput(path: string): FuzzFile[] {
    let files: FuzzFile[];
    if (statSync(path).isDirectory()) {
        const json = join(path, 'input.json');
        files = existsSync(json)
            ? (JSON.parse(readFileSync(json, 'utf8')) as { files: FuzzFile[] }).files
            : readdirSync(path).filter(n => n.endsWith('.arch')).sort().map(n => ({ name: n, text: readFileSync(join(path, n), 'utf8') }));
    } else if (path.endsWith('.json')) {
        files = (JSON.parse(readFileSync(path, 'utf8')) as { files: FuzzFile[] }).files;
    } else {
        files = [{ name: basename(path), text: readFileSync(path, 'utf8') }];
    }
    return files;
}

/** Shrinks a saved input while its first finding's kind stays, and writes the result beside it. */
async function shrink(path: string, limitMs: number): Promise<void> {
    const files = readInput(path);
    const oracle = new Oracle();
    const verdict = await examine(oracle, files, limitMs);
    const kind = verdict.findings[0]?.kind;
    if (!kind) {
        console.log('the oracle holds on this input: nothing to minimize');
        return;
    }
    const small = await minimize(oracle, files, kind);
    const out = `${path.replace(/\/$/, '')}.min`;
    mkdirSync(out, { recursive: true });
    for (const f of small) writeFileSync(join(out, f.name), f.text);
    writeFileSync(join(out, 'input.json'), JSON.stringify({ files: small }, null, 2) + '\n');
    const after = await oracle.run(small);
    console.log(`minimized for '${kind}' to ${small.map(f => `${f.name} (${f.text.length} chars)`).join(', ')}: ${out}`);
    for (const f of small) console.log(`--- ${f.name}\n${JSON.stringify(f.text)}`);
    for (const f of after.findings) console.log(`  ${f.kind}${f.file ? ` [${f.file}]` : ''}: ${f.message}`);
}

/** Runs one saved input through the oracle and prints the findings. */
async function replay(path: string, limitMs: number): Promise<void> {
    const files = readInput(path);
    const oracle = new Oracle();
    for (let seed = 0; seed < 8; seed++) await oracle.run(inputFor(seed).files); // warm-up, as in a campaign
    const verdict = await examine(oracle, files, limitMs);
    console.log(`${files.map(f => f.name).join(', ')}: ${Math.round(verdict.ms)} ms (slowest: ${verdict.slowest.phase} ${Math.round(verdict.slowest.ms)} ms), ${verdict.hasErrors ? 'errors' : 'no errors'}, ${verdict.generated} model(s) generated`);
    for (const f of verdict.findings) console.log(`  ${f.kind}${f.file ? ` [${f.file}]` : ''}: ${f.message}`);
    console.log(verdict.findings.length === 0 ? 'the oracle holds' : `${verdict.findings.length} finding(s)`);
    process.exitCode = verdict.findings.length === 0 ? 0 : 1;
}

async function main(): Promise<void> {
    const o = parseOptions(process.argv.slice(2));
    if (o.replay) return replay(o.replay, o.limitMs);
    if (o.minimize) return shrink(o.minimize, o.limitMs);
    const end = o.seed + o.count;
    const deadline = o.minutes > 0 ? Date.now() + o.minutes * 60_000 : Infinity;
    console.log(`archgen fuzz: seeds ${o.seed}..${end - 1}${o.minutes > 0 ? ` or ${o.minutes} min` : ''}, ${o.workers} worker(s), limit ${o.limitMs} ms per input, failures to ${o.out}`);
    const started = Date.now();
    const stats = { done: 0, errorFree: 0, syntax: 0, generated: 0, failures: 0, slowest: 0, slowestSeed: -1, slowestPhase: '', totalMs: 0 };
    const byKind = new Map<string, number>();
    const workers = new Set<Worker>();
    const inFlight = new Map<Worker, { seed: number; since: number }>();
    let stopping = false;

    const spawn = (first: number, step: number): void => {
        if (first >= end) return;
        const worker = new Worker(fileURLToPath(import.meta.url), {
            workerData: { first, step, end, limitMs: o.limitMs },
            execArgv: [...process.execArgv, '--enable-source-maps']
        });
        workers.add(worker);
        worker.on('message', (m: ToMain) => {
            if (m.type === 'start') {
                inFlight.set(worker, { seed: m.seed, since: Date.now() });
                return;
            }
            inFlight.delete(worker);
            stats.done++;
            stats.totalMs += m.ms;
            if (!m.hasErrors) stats.errorFree++;
            if (m.syntaxErrors) stats.syntax++;
            stats.generated += m.generated;
            if (m.slowest.ms > stats.slowest) { stats.slowest = m.slowest.ms; stats.slowestSeed = m.seed; stats.slowestPhase = m.slowest.phase; }
            if (m.findings.length > 0) report(inputFor(m.seed), m.findings);
            if (Date.now() > deadline && !stopping) stop();
        });
        worker.on('error', error => {
            console.error(`worker error: ${error instanceof Error ? error.stack : String(error)}`);
            const current = inFlight.get(worker);
            if (current) report(inputFor(current.seed), [{ kind: 'check-threw', message: `worker died: ${String(error)}` }]);
        });
        worker.on('exit', () => {
            workers.delete(worker);
            const current = inFlight.get(worker);
            inFlight.delete(worker);
            // A worker that died or was ended mid-input resumes after that input.
            if (current && !stopping) spawn(current.seed + step, step);
        });
    };

    const report = (input: FuzzInput, findings: readonly Finding[]): void => {
        stats.failures++;
        for (const f of findings) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
        const dir = saveFailure(o.out, input, findings);
        console.log(`\nFAIL seed ${input.seed} (${input.recipe})`);
        for (const f of findings.slice(0, 5)) console.log(`  ${f.kind}${f.file ? ` [${f.file}]` : ''}: ${f.message.slice(0, 400)}`);
        console.log(`  saved to ${dir}; reproduce: npm run fuzz -- --seed ${input.seed} --count 1 --workers 1`);
    };

    const stop = (): void => {
        stopping = true;
        for (const w of workers) w.postMessage({ type: 'stop' } satisfies ToWorker);
    };
    process.on('SIGINT', () => { console.log('\nstopping...'); stop(); });

    for (let i = 0; i < o.workers; i++) spawn(o.seed + i, o.workers);

    const progress = setInterval(() => {
        const seconds = (Date.now() - started) / 1000;
        console.log(`${stats.done} inputs in ${seconds.toFixed(0)} s (${(stats.done / seconds).toFixed(1)}/s): ` +
            `${stats.errorFree} without errors, ${stats.syntax} with syntax errors, ${stats.generated} models generated, ${stats.failures} failing; ` +
            `slowest operation ${Math.round(stats.slowest)} ms (seed ${stats.slowestSeed}, ${stats.slowestPhase})`);
        for (const [worker, current] of inFlight) {
            if (Date.now() - current.since > o.hangSeconds * 1000) {
                report(inputFor(current.seed), [{ kind: 'slow', message: `no answer after ${o.hangSeconds} s: hang` }]);
                inFlight.delete(worker);
                // Restart after the hanging input (exit handler does not see it any more).
                const step = o.workers;
                void worker.terminate().then(() => { if (!stopping) spawn(current.seed + step, step); });
            }
        }
        if (Date.now() > deadline && !stopping) stop();
    }, 10_000);

    await new Promise<void>(done => {
        const poll = setInterval(() => {
            if (workers.size === 0) {
                clearInterval(poll);
                done();
            }
        }, 200);
    });
    clearInterval(progress);
    const seconds = (Date.now() - started) / 1000;
    console.log(`\n${stats.done} inputs (seeds from ${o.seed}) in ${seconds.toFixed(1)} s, ${(stats.done / seconds).toFixed(1)} inputs/s, mean ${(stats.totalMs / Math.max(stats.done, 1)).toFixed(1)} ms`);
    console.log(`  ${stats.errorFree} without errors (${stats.generated} models generated for ${['compose', 'k8s'].join(' and ')}), ${stats.syntax} with syntax errors`);
    console.log(`  slowest operation ${Math.round(stats.slowest)} ms (seed ${stats.slowestSeed}: ${stats.slowestPhase})`);
    console.log(`  ${stats.failures} failing input(s)${byKind.size > 0 ? ': ' + [...byKind].map(([k, n]) => `${k} ${n}`).join(', ') : ''}`);
    process.exitCode = stats.failures > 0 ? 1 : 0;
}

if (isMainThread) {
    main().catch(error => {
        console.error(error);
        process.exitCode = 2;
    });
} else {
    work(workerData as { first: number; step: number; end: number; limitMs: number }).then(
        () => process.exit(0),
        error => {
            console.error(error);
            process.exit(1);
        }
    );
}
