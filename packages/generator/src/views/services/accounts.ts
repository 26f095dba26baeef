/**
 * The token issuer's accounts: the User entity it keeps them in, the field
 * users log in with, the field that stores the password hash, and where their
 * roles come from (as the language package reads them: a `role`/`roles` enum,
 * or one boolean `is_<role>` field per role).
 */
import type { Entity, Field } from '@archgen/model';
import { tsLiteral } from './literal.js';

/** The field clients send the password in (register, login), in place of the hash. */
export const PASSWORD_INPUT = 'password';
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const;
/** The length of the runtime's scrypt hashes (`scrypt$16384$8$1$<salt>$<key>`). */
export const PASSWORD_HASH_LENGTH = 83;

const LOGIN_NAMES = ['email', 'username', 'login'];
const HASH_NAMES = [/^password_?hash$/i, /^hashed_?password$/i, /^password_?digest$/i, /^password$/i];

export interface AccountsView {
    readonly entity: string;
    readonly login: string;
    readonly passwordHash: string;
    readonly password: string;
    readonly passwordMinLength: number;
    readonly passwordMaxLength: number;
    /** The roles source, as a TypeScript literal of the runtime's RolesModel. */
    readonly roles: string;
}

export type Accounts =
    | { readonly accounts: AccountsView; readonly note: null }
    | { readonly accounts: null; readonly note: string };

const textual = (f: Field): boolean => f.type.name === 'string' || f.type.name === 'text';

export function accountsOf(entities: readonly Entity[]): Accounts {
    const none = (note: string): Accounts => ({ accounts: null, note });
    const user = entities.find(e => e.name.toLowerCase() === 'user');
    if (!user) return none('The service keeps no User entity, so it cannot register users or log them in.');
    if (user.primaryKey.length !== 1) return none(`User needs a single primary key to name users in their tokens.`);
    const login = LOGIN_NAMES.map(n => user.fields.find(f => f.name.toLowerCase() === n && textual(f))).find(f => f !== undefined);
    if (!login) return none(`User has no 'email' (or 'username') field to log in with.`);
    const hash = HASH_NAMES.map(p => user.fields.find(f => p.test(f.name) && textual(f))).find(f => f !== undefined);
    if (!hash) return none(`User has no 'password_hash' field to keep password hashes in.`);
    if (hash.type.name === 'string' && hash.type.length < PASSWORD_HASH_LENGTH) {
        return none(`User's '${hash.name}' holds ${hash.type.length} characters; a password hash needs ${PASSWORD_HASH_LENGTH}.`);
    }
    if (user.fields.some(f => f.name === PASSWORD_INPUT && f !== hash)) {
        return none(`User has a field '${PASSWORD_INPUT}' besides '${hash.name}': the password cannot be sent under that name.`);
    }
    return {
        accounts: {
            entity: user.name,
            login: login.name,
            passwordHash: hash.name,
            password: PASSWORD_INPUT,
            passwordMinLength: PASSWORD_LENGTH.min,
            passwordMaxLength: PASSWORD_LENGTH.max,
            roles: tsLiteral(rolesOf(user))
        },
        note: null
    };
}

type Roles =
    | { kind: 'enum'; field: string }
    | { kind: 'flags'; flags: { role: string; field: string }[] }
    | { kind: 'none' };

/** Mirrors the language's `Ownership.rolesOf`: the gateway's roles are these. */
export function rolesOf(user: Entity): Roles {
    const roleField = user.fields.find(f => /^roles?$/.test(f.name) && f.type.name === 'enum');
    if (roleField) return { kind: 'enum', field: roleField.name };
    const flags = user.fields.filter(f => /^is_[a-z0-9_]+$/.test(f.name) && f.type.name === 'boolean');
    if (flags.length > 0) return { kind: 'flags', flags: flags.map(f => ({ role: f.name.slice(3), field: f.name })) };
    return { kind: 'none' };
}
