import { describe, expect, it } from 'vitest';
import type { SecretSpec } from '../generator.js';
import { envNames, mergeEnv, randomSecret } from './env.js';

const secrets: SecretSpec[] = [
    { name: 'DB_USER', description: 'The database user.', kind: 'username', suggested: 'shop' },
    { name: 'DB_PASSWORD', description: 'The database\npassword.', kind: 'password' },
    { name: 'JWT_SECRET', description: 'Signs tokens.', kind: 'jwt-secret' }
];

let counter = 0;
const fakeRandom = () => `random${++counter}`;

describe('.env', () => {
    it('makes 32-character base64url secrets', () => {
        expect(randomSecret()).toMatch(/^[A-Za-z0-9_-]{32}$/);
        expect(randomSecret()).not.toBe(randomSecret());
    });

    it('creates the file with a header, each secret described, usernames from their suggestion', () => {
        counter = 0;
        const { text, added } = mergeEnv(undefined, secrets, fakeRandom);
        expect(added).toEqual(['DB_USER', 'DB_PASSWORD', 'JWT_SECRET']);
        expect(text).toMatch(/^# Secrets/);
        expect(text).toContain('# The database user.\nDB_USER=shop\n');
        expect(text).toContain('# The database password.\nDB_PASSWORD=random1\n');
        expect(text).toContain('JWT_SECRET=random2\n');
    });

    it('keeps every existing line and value, and appends only what is missing', () => {
        const existing = '# mine\nexport DB_PASSWORD=hunter2\nDB_USER = admin';
        const { text, added } = mergeEnv(existing, secrets, fakeRandom);
        expect(added).toEqual(['JWT_SECRET']);
        expect(text!.startsWith(`${existing}\n`)).toBe(true);
        expect(envNames(text!)).toEqual(new Set(['DB_PASSWORD', 'DB_USER', 'JWT_SECRET']));
    });

    it('changes nothing when every variable is there', () => {
        expect(mergeEnv('DB_USER=a\nDB_PASSWORD=b\nJWT_SECRET=c\n', secrets)).toEqual({ added: [] });
    });
});
