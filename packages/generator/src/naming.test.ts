import { describe, expect, it } from 'vitest';
import {
    MAX_SQL_IDENTIFIER, channelDelayVar, checkName, databaseVars, envKey, httpTargetVars, interpolation,
    interpolationWithDefault, sqlIdentifier, upperSnake
} from './naming.js';

describe('naming', () => {
    it('derives environment keys from service names and channels', () => {
        expect(upperSnake('users-db')).toBe('USERS_DB');
        expect(upperSnake('payments.requested')).toBe('PAYMENTS_REQUESTED');
        expect(upperSnake('OrderDetail')).toBe('ORDER_DETAIL');
        expect(upperSnake('--a..b--')).toBe('A_B');
        expect(envKey('3d-store')).toBe('_3D_STORE');
        expect(channelDelayVar('payments.requested')).toBe('PAYMENTS_REQUESTED_DELAY_MS');
    });

    it('names the variables of databases and http targets regularly', () => {
        expect(databaseVars('users-db')).toEqual({
            host: 'USERS_DB_HOST', port: 'USERS_DB_PORT', database: 'USERS_DB_DATABASE',
            user: 'USERS_DB_USER', password: 'USERS_DB_PASSWORD', rootPassword: 'USERS_DB_ROOT_PASSWORD'
        });
        expect(httpTargetVars('shop-gw')).toEqual({ host: 'SHOP_GW_HOST', port: 'SHOP_GW_PORT', url: 'SHOP_GW_URL', servers: 'SHOP_GW_SERVERS' });
        expect(interpolation('JWT_SECRET')).toBe('${JWT_SECRET}');
        expect(interpolationWithDefault('X_DELAY_MS', '0')).toBe('${X_DELAY_MS:-0}');
    });

    it('keeps SQL identifiers within PostgreSQL limits, distinct and stable', () => {
        expect(checkName('orders', 'total', 'min')).toBe('ck_orders_total_min');
        const long = 'a'.repeat(70);
        const a = sqlIdentifier(`${long}_one`);
        const b = sqlIdentifier(`${long}_two`);
        expect(a.length).toBe(MAX_SQL_IDENTIFIER);
        expect(a).not.toBe(b);
        expect(sqlIdentifier(`${long}_one`)).toBe(a);
    });
});
