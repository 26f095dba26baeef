import type { Entity } from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { entity, field, serialId } from '../../test-support/builders.js';
import { ecommerceModel } from '../../test-support/fixtures.js';
import { servedData } from './model-view.js';
import { PASSWORD_HASH_LENGTH, accountsOf, rolesOf } from './accounts.js';

const users = (): readonly Entity[] => {
    const svc = ecommerceModel.components.find(c => c.name === 'users');
    if (svc?.kind !== 'backend') throw new Error('fixture');
    return servedData(ecommerceModel, svc).entities;
};

const seedUser = (fields = [
    serialId(),
    field('name', { name: 'string', length: 120 }, { required: true }),
    field('email', { name: 'string', length: 255 }, { required: true, unique: true }),
    field('password_hash', { name: 'string', length: 255 }, { required: true }),
    field('is_customer', { name: 'boolean' }, { required: true, default: { kind: 'boolean', value: true } }),
    field('is_seller', { name: 'boolean' }, { required: true, default: { kind: 'boolean', value: false } })
]) => entity('User', 'users', 'users_db', 'users', fields);

describe('accountsOf', () => {
    it('keeps accounts in User: login by email, the hash never sent, roles from its role enum', () => {
        const { accounts, note } = accountsOf(users());
        expect(note).toBeNull();
        expect(accounts).toEqual({
            entity: 'User',
            login: 'email',
            passwordHash: 'passwordHash',
            password: 'password',
            passwordMinLength: 8,
            passwordMaxLength: 128,
            roles: '{ kind: "enum", field: "role" }'
        });
    });

    it('reads one role per true is_<role> flag, as the seed models customers and sellers', () => {
        expect(rolesOf(seedUser())).toEqual({
            kind: 'flags',
            flags: [{ role: 'customer', field: 'is_customer' }, { role: 'seller', field: 'is_seller' }]
        });
        expect(rolesOf(seedUser([serialId()]))).toEqual({ kind: 'none' });
    });

    it('says why there are no accounts when the model gives none', () => {
        expect(accountsOf([]).note).toMatch(/no User entity/);
        const noLogin = seedUser([serialId(), field('password_hash', { name: 'string', length: 255 })]);
        expect(accountsOf([noLogin]).note).toMatch(/'email'/);
        const noHash = seedUser([serialId(), field('email', { name: 'string', length: 255 })]);
        expect(accountsOf([noHash]).note).toMatch(/'password_hash'/);
        const short = seedUser([serialId(), field('email', { name: 'text' }), field('password_hash', { name: 'string', length: 60 })]);
        expect(accountsOf([short]).note).toBe(`User's 'password_hash' holds 60 characters; a password hash needs ${PASSWORD_HASH_LENGTH}.`);
        const clash = seedUser([serialId(), field('email', { name: 'text' }), field('password_hash', { name: 'text' }), field('password', { name: 'text' })]);
        expect(accountsOf([clash]).accounts).toBeNull();
    });
});
