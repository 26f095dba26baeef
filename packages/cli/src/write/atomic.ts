import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

/**
 * Writes `content` to `file` atomically: a `<file>.<random>.tmp` beside it,
 * flushed to disk, then renamed over the target. Readers see the old file or
 * the new one, never half of it, whenever archgen stops. `mode` (e.g. 0o755,
 * 0o600) is set exactly, regardless of the umask; without it a new file gets
 * the usual 0o666 & ~umask.
 *
 * `flush: false` skips the flush, for files archgen can write again from the
 * model (the generated files): the rename is as atomic, and only a crash of
 * the machine itself may then lose the newest content. What cannot be made
 * again is flushed: a user's source (`fmt`), `.env` with its secrets, and the
 * manifest, which records what was generated. On a busy disk the flushes of
 * a hundred generated files took longer than everything else a daemon does
 * to generate them.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array, mode?: number, options: { readonly flush?: boolean } = {}): Promise<void> {
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temporary, 'wx', mode ?? 0o666);
    let renamed = false;
    try {
        try {
            await handle.writeFile(content);
            if (mode !== undefined) await handle.chmod(mode);
            if (options.flush !== false) await handle.sync();
        } finally {
            await handle.close();
        }
        await rename(temporary, file);
        renamed = true;
    } finally {
        if (!renamed) await rm(temporary, { force: true });
    }
}
