import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

/**
 * Writes `content` to `file` atomically: a `<file>.<random>.tmp` beside it,
 * flushed to disk, then renamed over the target. Readers see the old file or
 * the new one, never half of it. `mode` (e.g. 0o755, 0o600) is set exactly,
 * regardless of the umask; without it a new file gets the usual 0o666 & ~umask.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array, mode?: number): Promise<void> {
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temporary, 'wx', mode ?? 0o666);
    let renamed = false;
    try {
        try {
            await handle.writeFile(content);
            if (mode !== undefined) await handle.chmod(mode);
            await handle.sync();
        } finally {
            await handle.close();
        }
        await rename(temporary, file);
        renamed = true;
    } finally {
        if (!renamed) await rm(temporary, { force: true });
    }
}
