import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExitCode } from './exit-code.js';
import { SEED_MODEL, runCli, tempDir } from './test-support/index.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('archgen (command line)', () => {
    it('prints the package version with --version and exits 0', async () => {
        const result = await runCli(['--version'], { cwd: await tempDir() });
        expect(result).toEqual({ code: ExitCode.Success, stdout: `${version}\n`, stderr: '' });
    });

    it('prints help with --help and exits 0', async () => {
        const result = await runCli(['--help'], { cwd: await tempDir() });
        expect(result.code).toBe(ExitCode.Success);
        expect(result.stdout).toContain('check');
        expect(result.stdout).toContain('generate');
    });

    it('documents where check prints, in its help', async () => {
        const result = await runCli(['check', '--help'], { cwd: await tempDir() });
        expect(result.code).toBe(ExitCode.Success);
        expect(result.stdout).toMatch(/go to stdout/);
    });

    it.each([
        [['check', 'x.arch', '--nope'], "unknown option '--nope'"],
        [['frobnicate'], "unknown command 'frobnicate'"],
        [['check'], "missing required argument 'files'"],
        [['generate'], "missing required argument 'model'"],
        [['check', 'x.arch', '--format', 'xml'], "argument 'xml' is invalid"]
    ])('%j is a usage error: exit 2, one line on stderr', async (argv, message) => {
        const result = await runCli(argv, { cwd: await tempDir() });
        expect(result.code).toBe(ExitCode.UsageOrIo);
        expect(result.stdout).toBe('');
        expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(result.stderr).toMatch(/^archgen: /);
        expect(result.stderr).toContain(message);
    });

    it('puts a suggestion on the same line as the usage error', async () => {
        const result = await runCli(['check', 'x.arch', '--strik'], { cwd: await tempDir() });
        expect(result.code).toBe(ExitCode.UsageOrIo);
        expect(result.stderr).toBe("archgen: unknown option '--strik' (Did you mean --strict?)\n");
    });

    it('exits 2 without a command', async () => {
        const result = await runCli([], { cwd: await tempDir() });
        expect(result.code).toBe(ExitCode.UsageOrIo);
    });

    it('reports an internal error in one line, the stack only with ARCHGEN_DEBUG=1', async () => {
        const cwd = await tempDir();
        const deps = {
            createChecker: () => Promise.reject(new Error('boom'))
        };
        const argv = ['check', SEED_MODEL];
        const quiet = await runCli(argv, { cwd, deps });
        expect(quiet.code).toBe(ExitCode.UsageOrIo);
        expect(quiet.stderr).toBe('archgen: internal error: boom\n');

        const debug = await runCli(argv, { cwd, deps, env: { ARCHGEN_DEBUG: '1' } });
        expect(debug.code).toBe(ExitCode.UsageOrIo);
        expect(debug.stderr).toMatch(/^archgen: internal error: boom\nError: boom\n\s+at /);
    });
});
