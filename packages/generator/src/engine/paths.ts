/** True for a POSIX path relative to the output folder that cannot leave it. */
export function isSafeRelativePath(path: string): boolean {
    if (path.length === 0 || path.includes('\\') || path.includes('\0')) return false;
    if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return false;
    return path.split('/').every(segment => segment !== '' && segment !== '.' && segment !== '..');
}

export function assertSafeRelativePath(path: string, template: string): void {
    if (!isSafeRelativePath(path)) {
        throw new Error(`Template '${template}' produced the unsafe output path '${path}'.`);
    }
}
