// @ts-check
/**
 * `npm run bench`: how archgen's costs grow with the size of the model.
 *
 *   node bench/run.mjs [--sizes 100,1000,10000,50000] [--runs 3] [--generate-up-to 10000]
 *                      [--cli-runs 7] [--lsp-sizes 1000,10000] [--out <dir>] [--no-markdown] [--report-only]
 *
 * 1. In process, per size, each run in a fresh child process (bench/measure.mjs)
 *    so that every peak of memory is that size's own: parse, scopes, linking,
 *    validation and the peak RSS as `archgen check` does them (no IR, the CST
 *    built only if read), then as `archgen generate` does them (the CST built
 *    while parsing), with the IR and generation. Medians over the runs.
 * 2. Whole process: `archgen check` and `archgen generate` on
 *    examples/ecommerce.arch through the built binary (median of several runs),
 *    and `archgen check` on the largest synthetic model.
 * 3. The language server: diagnostics after opening, and after an edit.
 *
 * Prints a table, writes <out>/results.json and (unless --no-markdown)
 * BENCHMARKS.md at the repository root (or in <out> when --out is given).
 * Needs the build (`npm run build`; `npm run bench` builds first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { measureLsp } from './lsp.mjs';
import { syntheticModel } from './synthetic.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'packages/cli/bin/archgen.js');
const EXAMPLE = path.join(ROOT, 'examples/ecommerce.arch');

const args = process.argv.slice(2);
const option = (/** @type {string} */ name, /** @type {string} */ fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const list = (/** @type {string} */ text) => text.split(',').map(s => s.trim()).filter(Boolean).map(Number);
const sizes = list(option('sizes', '100,1000,10000,50000'));
const runs = Number(option('runs', '3'));
const generateUpTo = Number(option('generate-up-to', '10000'));
const cliRuns = Number(option('cli-runs', '7'));
const lspSizes = list(option('lsp-sizes', '1000,10000'));
const lspEdits = Number(option('lsp-edits', '5'));
const outOption = option('out', '');
const outDir = outOption ? path.resolve(outOption) : path.join(ROOT, 'bench');
const markdownFile = args.includes('--no-markdown') ? undefined : outOption ? path.join(outDir, 'BENCHMARKS.md') : path.join(ROOT, 'BENCHMARKS.md');

/** The targets of the task, checked against the medians. */
const TARGETS = {
    parseValidate10k: { components: 10_000, ms: 1000 },
    parseValidate50k: { components: 50_000, ms: 5000, rssMiB: 400 },
    cliGenerate: { ms: 150 },
    lspEdit10k: { components: 10_000, ms: 1000 }
};

mkdirSync(outDir, { recursive: true });
const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);

if (args.includes('--report-only')) {
    // Rewrites the tables and BENCHMARKS.md from the last results.json (after editing bench/NOTES.md), measuring nothing.
    const saved = JSON.parse(readFileSync(path.join(outDir, 'results.json'), 'utf8'));
    const table = tables(saved);
    process.stdout.write(`${table}\n`);
    if (markdownFile) writeFileSync(markdownFile, markdown(saved, table));
    process.exit(0);
}

// ------------------------------------------------------------------ 1. in process
/** As `archgen check`, per size. @type {any[]} */
const inProcess = [];
/** As `archgen generate`, per size. @type {any[]} */
const inProcessGenerate = [];
const measure = (/** @type {number} */ size, /** @type {string[]} */ flags, /** @type {string} */ what) => {
    log(`in process: ${size} components, ${what}`);
    const child = spawnSync(process.execPath, [path.join(ROOT, 'bench/measure.mjs'), String(size), ...flags], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (child.status !== 0) throw new Error(`bench/measure.mjs ${size} ${flags.join(' ')} failed:\n${child.stderr}`);
    return JSON.parse(child.stdout);
};
for (const size of sizes) {
    const checks = [];
    const generates = [];
    for (let run = 0; run < runs; run++) checks.push(measure(size, ['--check'], `as archgen check, run ${run + 1} of ${runs}`));
    for (let run = 0; run < runs; run++) {
        // Generation is measured up to --generate-up-to, and above 1,000 components in the first run only (it takes minutes).
        const flags = size > generateUpTo || (size > 1000 && run > 0) ? ['--no-generate'] : [];
        generates.push(measure(size, flags, `as archgen generate, run ${run + 1} of ${runs}`));
    }
    inProcess.push(summarise(checks));
    inProcessGenerate.push(summarise(generates));
}

// ------------------------------------------------------------------ 2. whole process
const DAEMON_SUFFIX = ', `archgen daemon` running';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'archgen-bench-'));
/** @type {Record<string, { medianMs: number, samplesMs: number[], peakRssMiB: number }>} */
const cli = {};
try {
    const output = path.join(scratch, 'out');
    const commands = {
        '--version': ['--version'],
        check: ['check', EXAMPLE],
        'generate (first, empty output folder)': ['generate', EXAMPLE, '-o', output],
        'generate (again, same output folder)': ['generate', EXAMPLE, '-o', output]
    };
    let fresh = 0;
    const timeCommands = (/** @type {string} */ suffix, /** @type {Record<string, string>} */ env) => {
        for (const [name, argv] of Object.entries(commands)) {
            const samplesMs = [];
            let peakRssMiB = 0;
            // `again`: into a folder a first, unmeasured run filled.
            if (name.startsWith('generate (again')) timeProcess(argv, scratch, env);
            for (let run = 0; run < cliRuns; run++) {
                // A new empty folder each time: removing the last one's files right before would put the file
                // system's work for the removal into the measured run (its flush of .env waits for it).
                const runArgv = name.startsWith('generate (first') ? [...argv.slice(0, -1), `${output}-${fresh++}`] : argv;
                log(`whole process: archgen ${name}${suffix}, run ${run + 1} of ${cliRuns}`);
                const timed = timeProcess(runArgv, scratch, env);
                samplesMs.push(timed.ms);
                peakRssMiB = Math.max(peakRssMiB, timed.rssMiB);
            }
            cli[`${name}${suffix}`] = { medianMs: median(samplesMs), samplesMs, peakRssMiB };
        }
    };
    // Each command in a process of its own (a daemon the user may have running is not used, nor started)...
    timeCommands('', { ARCHGEN_NO_DAEMON: '1' });
    // ...then as a user meets them (not on CI): the first command finds no daemon (its socket would be in the scratch
    // folder), runs in its own process and starts one; once that one listens, the next commands run in it.
    const userEnv = { XDG_RUNTIME_DIR: path.join(scratch, 'run'), ARCHGEN_NO_DAEMON: '', CI: '' };
    mkdirSync(userEnv.XDG_RUNTIME_DIR, { mode: 0o700 });
    log('whole process: archgen generate, no daemon yet (it starts one)');
    const starting = timeProcess(['generate', EXAMPLE, '-o', `${output}-${fresh++}`], scratch, userEnv);
    cli['generate, no daemon yet (it starts one for the next command)'] = { medianMs: starting.ms, samplesMs: [starting.ms], peakRssMiB: starting.rssMiB };
    try {
        const deadline = Date.now() + 60_000;
        let status = '';
        while (!status.startsWith('archgen daemon running') && Date.now() < deadline) {
            status = spawnSync(process.execPath, [BIN, 'daemon', 'status'], { cwd: scratch, env: { ...process.env, ...userEnv }, encoding: 'utf8' }).stdout;
            if (!status.startsWith('archgen daemon running')) await new Promise(resolve => setTimeout(resolve, 100));
        }
        // It serves the bundle only: after a `tsc -b` without the bundle step there is none.
        if (status.startsWith('archgen daemon running')) timeCommands(DAEMON_SUFFIX, userEnv);
        else log('no daemon rows: the first command started no daemon (is the bundle built?)');
    } finally {
        timeProcess(['daemon', 'stop'], scratch, userEnv);
    }
    // `archgen check` on the largest synthetic model: the in-process target as a user meets it.
    const largest = Math.max(...sizes);
    if (largest >= 10_000) {
        const model = path.join(scratch, `synthetic-${largest}.arch`);
        writeFileSync(model, syntheticModel({ components: largest }));
        const samplesMs = [];
        let peakRssMiB = 0;
        const bigRuns = Math.max(3, Math.min(cliRuns, 5));
        for (let run = 0; run < bigRuns; run++) {
            log(`whole process: archgen check on ${largest} components, run ${run + 1} of ${bigRuns}`);
            const timed = timeProcess(['check', model], scratch, { ARCHGEN_NO_DAEMON: '1' });
            samplesMs.push(timed.ms);
            peakRssMiB = Math.max(peakRssMiB, timed.rssMiB);
        }
        cli[`check, synthetic model of ${fmt(largest)} components`] = { medianMs: median(samplesMs), samplesMs, peakRssMiB };
    }
    cli['node -e 0 (start-up alone)'] = (() => {
        const samplesMs = [];
        for (let run = 0; run < cliRuns; run++) {
            const started = performance.now();
            execFileSync(process.execPath, ['-e', '0']);
            samplesMs.push(round(performance.now() - started));
        }
        return { medianMs: median(samplesMs), samplesMs, peakRssMiB: 0 };
    })();
} finally {
    rmSync(scratch, { recursive: true, force: true });
}

// ------------------------------------------------------------------ 3. language server
/** @type {any[]} */
const lsp = [];
for (const size of lspSizes) {
    log(`language server: ${size} components`);
    const result = await measureLsp({ components: size, edits: lspEdits });
    lsp.push({ ...result, editMedianMs: median(result.editMs), fullEditMedianMs: median(result.fullEditMs) });
}

// ------------------------------------------------------------------ report
const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map(round),
    date: new Date().toISOString()
};
const growth = growthOf(inProcess, inProcessGenerate);
const targets = checkTargets();
const results = { machine, runs, inProcess, inProcessGenerate, growth, cli, lsp, targets };
writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
const table = tables(results);
process.stdout.write(`${table}\n`);
if (markdownFile) writeFileSync(markdownFile, markdown(results, table));
log(`wrote ${path.relative(ROOT, path.join(outDir, 'results.json'))}${markdownFile ? ` and ${path.relative(ROOT, markdownFile)}` : ''}`);

// ------------------------------------------------------------------ helpers

/** Medians of every number of several runs of bench/measure.mjs. */
function summarise(/** @type {any[]} */ samples) {
    const first = samples[0];
    /** @param {(s: any) => Record<string, number> | undefined} pick */
    const medians = pick => {
        const keys = Object.keys(pick(first) ?? {});
        return Object.fromEntries(keys.map(k => [k, median(samples.map(s => pick(s)?.[k] ?? Number.NaN))]));
    };
    return {
        components: first.components,
        connectors: first.connectors,
        lines: first.lines,
        bytes: first.bytes,
        warnings: first.warnings,
        cstBuilds: Math.max(...samples.map(s => s.cstBuilds ?? 0)),
        runs: samples.length,
        ms: medians(s => s.ms),
        cpuMs: medians(s => s.cpuMs),
        memory: medians(s => s.memory),
        ...(first.generated ? { generated: first.generated } : {})
    };
}

/** Wall time and peak RSS of one `archgen` process (GNU time when present, else the wall clock alone). */
function timeProcess(/** @type {string[]} */ argv, /** @type {string} */ cwd, /** @type {Record<string, string>} */ extraEnv = {}) {
    const env = { ...process.env, ...extraEnv };
    const started = performance.now();
    const child = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...argv], { cwd, env, encoding: 'utf8' });
    const ms = performance.now() - started;
    if (child.error) {
        const fallbackStart = performance.now();
        const plain = spawnSync(process.execPath, [BIN, ...argv], { cwd, env, encoding: 'utf8' });
        if (plain.status !== 0) throw new Error(`archgen ${argv.join(' ')} exited ${plain.status}: ${plain.stderr}`);
        return { ms: round(performance.now() - fallbackStart), rssMiB: 0 };
    }
    if (child.status !== 0) throw new Error(`archgen ${argv.join(' ')} exited ${child.status}: ${child.stderr}`);
    const rssKb = Number(child.stderr.trim().split('\n').pop());
    return { ms: round(ms), rssMiB: round(rssKb / 1024) };
}

/**
 * How each cost grows: the ratio per step of size (ideally 10x per 10x for a
 * linear cost) and the exponent k of a fit cost ~ size^k over the sizes above
 * 1,000 (below that, fixed costs such as building the parser dominate).
 */
function growthOf(/** @type {any[]} */ checkRows, /** @type {any[]} */ generateRows) {
    // The check's phases from the runs as `archgen check`; the IR and generation from the runs as `archgen generate`.
    const phases = ['parse', 'link', 'validate', 'parseToValidated', 'peakRssValidatedMiB', 'ir', 'generate'];
    /** @type {Record<string, any>} */
    const out = {};
    for (const phase of phases) {
        const rows = phase === 'ir' || phase === 'generate' ? generateRows : checkRows;
        const points = rows
            .map(r => ({ n: r.components, y: phase === 'peakRssValidatedMiB' ? r.memory.peakRssValidatedMiB - r.memory.baselineRssMiB : r.ms[phase] }))
            .filter(p => Number.isFinite(p.y) && p.y > 0);
        const ratios = [];
        for (let i = 1; i < points.length; i++) {
            const a = points[i - 1];
            const b = points[i];
            if (!a || !b) continue;
            ratios.push({ from: a.n, to: b.n, sizeRatio: round(b.n / a.n), costRatio: round(b.y / a.y), per10x: round((b.y / a.y) ** (1 / Math.log10(b.n / a.n))) });
        }
        const large = points.filter(p => p.n >= 1000);
        out[phase] = { ratios, exponent: large.length >= 2 ? round(slope(large.map(p => Math.log(p.n)), large.map(p => Math.log(p.y))), 2) : null };
    }
    return out;
}

function checkTargets() {
    const row = (/** @type {number} */ n) => inProcess.find(r => r.components === n);
    const r10 = row(TARGETS.parseValidate10k.components);
    const r50 = row(TARGETS.parseValidate50k.components);
    const generate = cli['generate (first, empty output folder)'];
    const again = cli['generate (again, same output folder)'];
    const generateDaemon = cli[`generate (first, empty output folder)${DAEMON_SUFFIX}`];
    const againDaemon = cli[`generate (again, same output folder)${DAEMON_SUFFIX}`];
    const l10 = lsp.find(l => l.components === TARGETS.lspEdit10k.components);
    const big = cli[`check, synthetic model of ${fmt(TARGETS.parseValidate50k.components)} components`];
    return [
        {
            target: '10,000 components: parse + validate in process within 1 s',
            measured: r10 ? `${r10.ms.parseToValidated} ms` : 'not run',
            met: r10 ? r10.ms.parseToValidated <= TARGETS.parseValidate10k.ms : null
        },
        {
            target: '50,000 components: parse + validate within 5 s and 400 MiB',
            measured: r50 ? `${r50.ms.parseToValidated} ms, peak RSS ${r50.memory.peakRssValidatedMiB} MiB` : 'not run',
            met: r50 ? r50.ms.parseToValidated <= TARGETS.parseValidate50k.ms && r50.memory.peakRssValidatedMiB <= TARGETS.parseValidate50k.rssMiB : null
        },
        {
            target: 'the same, as `archgen check` on the command line (whole process: start, read, check, print)',
            measured: big ? `${big.medianMs} ms, peak RSS ${big.peakRssMiB} MiB (the largest of ${big.samplesMs.length} runs)` : 'not run',
            met: big ? big.medianMs <= TARGETS.parseValidate50k.ms && big.peakRssMiB <= TARGETS.parseValidate50k.rssMiB : null
        },
        {
            target: 'whole-process `archgen generate examples/ecommerce.arch` within 150 ms, in a process of its own (first call, CI, ARCHGEN_NO_DAEMON)',
            measured: generate ? `${generate.medianMs} ms (first), ${again?.medianMs} ms (again)` : 'not run',
            met: generate ? generate.medianMs <= TARGETS.cliGenerate.ms : null
        },
        {
            target: 'the same as a user runs it: with the daemon the first command started (the client process, start to exit)',
            measured: generateDaemon ? `${generateDaemon.medianMs} ms (first), ${againDaemon?.medianMs} ms (again)` : 'not run',
            met: generateDaemon ? generateDaemon.medianMs <= TARGETS.cliGenerate.ms : null
        },
        {
            target: 'language server: diagnostics after an edit on 10,000 components within 1 s',
            measured: l10 ? `${l10.editMedianMs} ms` : 'not run',
            met: l10 ? l10.editMedianMs <= TARGETS.lspEdit10k.ms : null
        }
    ];
}

function tables(/** @type {any} */ r) {
    const lines = [];
    lines.push('In process, as `archgen check` (no IR; the CST is built only if something reads it); median of runs, each in a fresh process; ms, MiB');
    lines.push('');
    lines.push(row(['components', 'connectors', 'lines', 'parse', 'scopes+index', 'link', 'validate', 'parse..validated', 'CST built', 'peak RSS validated']));
    lines.push(row(Array(10).fill('---')));
    for (const x of r.inProcess) {
        lines.push(row([
            fmt(x.components), fmt(x.connectors), fmt(x.lines), fmt(x.ms.parse), fmt(x.ms.index + x.ms.scopes), fmt(x.ms.link + x.ms.indexReferences),
            fmt(x.ms.validate), fmt(x.ms.parseToValidated), x.cstBuilds ? `${x.cstBuilds} time(s)` : 'no', fmt(x.memory.peakRssValidatedMiB)
        ]));
    }
    lines.push('');
    lines.push('In process, as `archgen generate` (the CST built while parsing, for the IR); median of runs, each in a fresh process; ms, MiB');
    lines.push('');
    lines.push(row(['components', 'parse', 'scopes+index', 'link', 'validate', 'parse..validated', 'IR', 'generate', 'files', 'peak RSS validated', 'peak RSS generated']));
    lines.push(row(Array(11).fill('---')));
    for (const x of r.inProcessGenerate ?? []) {
        lines.push(row([
            fmt(x.components), fmt(x.ms.parse), fmt(x.ms.index + x.ms.scopes), fmt(x.ms.link + x.ms.indexReferences), fmt(x.ms.validate),
            fmt(x.ms.parseToValidated), fmt(x.ms.ir), x.ms.generate === undefined ? 'not run' : fmt(x.ms.generate),
            x.generated ? fmt(x.generated.files) : '', fmt(x.memory.peakRssValidatedMiB), x.memory.peakRssGeneratedMiB === undefined ? '' : fmt(x.memory.peakRssGeneratedMiB)
        ]));
    }
    lines.push('');
    lines.push('Growth between sizes: cost ratio, and the same per 10x components (10 = linear); fitted exponent k (cost ~ n^k, n >= 1,000)');
    lines.push('');
    lines.push(row(['cost', ...r.inProcess.slice(1).map((/** @type {any} */ x, /** @type {number} */ i) => `${fmt(r.inProcess[i].components)} -> ${fmt(x.components)}`), 'k']));
    lines.push(row(Array(r.inProcess.length + 1).fill('---')));
    for (const [phase, g] of Object.entries(r.growth)) {
        const cells = r.inProcess.slice(1).map((/** @type {any} */ x) => {
            const ratio = g.ratios.find((/** @type {any} */ q) => q.to === x.components);
            return ratio ? `x${ratio.costRatio} (${ratio.per10x}/10x)` : '';
        });
        lines.push(row([phase, ...cells, g.exponent === null ? '' : String(g.exponent)]));
    }
    lines.push('');
    lines.push('Whole process, examples/ecommerce.arch unless another model is named (median ms; peak RSS MiB)');
    lines.push('');
    lines.push(row(['command', 'median', 'runs', 'peak RSS']));
    lines.push(row(['---', '---', '---', '---']));
    for (const [name, c] of Object.entries(r.cli)) lines.push(row([`archgen ${name}`.replace('archgen node', 'node'), fmt(c.medianMs), c.samplesMs.join(', '), c.peakRssMiB ? fmt(c.peakRssMiB) : '']));
    lines.push('');
    lines.push('Language server (archgen lsp --stdio): diagnostics latency (ms)');
    lines.push('');
    lines.push(row(['components', 'after open', 'after an edit in a component (median)', 'edits', 'after an edit between components (median)', 'edits']));
    lines.push(row(['---', '---', '---', '---', '---', '---']));
    for (const l of r.lsp) {
        lines.push(row([fmt(l.components), fmt(l.openMs), fmt(l.editMedianMs), l.editMs.join(', '),
            l.fullEditMs ? fmt(l.fullEditMedianMs) : '', (l.fullEditMs ?? []).join(', ')]));
    }
    lines.push('');
    lines.push('Targets');
    lines.push('');
    lines.push(row(['target', 'measured', 'met']));
    lines.push(row(['---', '---', '---']));
    for (const t of r.targets) lines.push(row([t.target, t.measured, t.met === null ? 'not run' : t.met ? 'yes' : 'no']));
    return lines.join('\n');
}

function markdown(/** @type {any} */ r, /** @type {string} */ table) {
    const m = r.machine;
    const notesFile = path.join(ROOT, 'bench/NOTES.md');
    let notes = '';
    try {
        notes = readFileSync(notesFile, 'utf8');
    } catch {
        notes = '';
    }
    return `# Benchmarks

Generated by \`npm run bench\` (bench/run.mjs) on ${m.date.slice(0, 10)}; the raw numbers are in bench/results.json.
The model is synthetic (bench/synthetic.mjs): blocks of 20 components (a public load balancer, a frontend, a gateway
with auth and routes, an internal load balancer, 8 backends each with its database and one entity, 30 connectors:
http calls, db_connectors and message queues with triggers and payloads). It checks with no errors and no warnings.

Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}.
The machine is shared (load average ${m.loadAverage.join(', ')} at the end of the run): every number is a median of
${r.runs} runs (in process) or ${Object.values(r.cli)[0]?.samplesMs.length ?? 0} runs (whole process), and the spread between runs is large.

${table}

${notes}`;
}

function row(/** @type {string[]} */ cells) {
    return `| ${cells.join(' | ')} |`;
}

function fmt(/** @type {number} */ x) {
    if (x === undefined || Number.isNaN(x)) return '';
    return x >= 1000 ? Math.round(x).toLocaleString('en-US') : String(round(x));
}

function median(/** @type {number[]} */ values) {
    const sorted = values.filter(v => Number.isFinite(v)).sort((a, b) => a - b);
    if (sorted.length === 0) return Number.NaN;
    const mid = Math.floor(sorted.length / 2);
    return round(sorted.length % 2 ? sorted[mid] ?? Number.NaN : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2);
}

function slope(/** @type {number[]} */ xs, /** @type {number[]} */ ys) {
    const n = xs.length;
    const mx = xs.reduce((a, b) => a + b, 0) / n;
    const my = ys.reduce((a, b) => a + b, 0) / n;
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
        num += ((xs[i] ?? 0) - mx) * ((ys[i] ?? 0) - my);
        den += ((xs[i] ?? 0) - mx) ** 2;
    }
    return den === 0 ? Number.NaN : num / den;
}

function round(/** @type {number} */ x, digits = 1) {
    const f = 10 ** digits;
    return Math.round(x * f) / f;
}
