import { findComponent } from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { ecommerceModel } from '../test-support/fixtures.js';
import { type AddressBook, environmentFor } from './environment.js';

/** How a native run-local.sh would resolve addresses: everything on localhost, ports shifted. */
const native: AddressBook = {
    host: () => '127.0.0.1',
    port: (serviceName, port) => (serviceName === 'payments-db' ? 15432 : port + 10000),
    secret: name => `$${name}`,
    setting: (name, value) => `\${${name}:-${value}}`
};

const env = (name: string, book?: AddressBook) =>
    Object.fromEntries(environmentFor(ecommerceModel, findComponent(ecommerceModel, name)!, book).map(v => [v.name, v.value]));

describe('environmentFor', () => {
    it('gives a consumer its database, broker and delay, addresses from the address book', () => {
        expect(env('payment_processor', native)).toEqual({
            PORT: '13000',
            SERVICE_NAME: 'payment_processor',
            LISTEN_HOST: '0.0.0.0',
            PAYMENTS_DB_HOST: '127.0.0.1',
            PAYMENTS_DB_PORT: '15432',
            PAYMENTS_DB_DATABASE: 'payments_db',
            PAYMENTS_DB_USER: '$PAYMENTS_DB_USER',
            PAYMENTS_DB_PASSWORD: '$PAYMENTS_DB_PASSWORD',
            RABBITMQ_HOST: '127.0.0.1',
            RABBITMQ_PORT: '15672',
            RABBITMQ_USER: '$RABBITMQ_USER',
            RABBITMQ_PASSWORD: '$RABBITMQ_PASSWORD',
            MQTT_HOST: '127.0.0.1',
            MQTT_PORT: '11883',
            MQTT_USER: '$RABBITMQ_USER',
            MQTT_PASSWORD: '$RABBITMQ_PASSWORD',
            PAYMENTS_REQUESTED_DELAY_MS: '${PAYMENTS_REQUESTED_DELAY_MS:-30000}'
        });
    });

    it('gives nginx components their port and upstream addresses', () => {
        expect(env('shop_fe')).toEqual({
            PORT: '8080',
            SERVICE_NAME: 'shop_fe',
            LISTEN_HOST: '0.0.0.0',
            SHOP_GW_HOST: 'shop-gw',
            SHOP_GW_PORT: '8080',
            SHOP_GW_URL: 'http://shop-gw:8080',
            STATIC_ROOT: '/usr/share/nginx/html'
        });
    });

    it('gives gateways and load balancers the upstream servers of each target, balancers with passive health', () => {
        expect(env('shop_gw')['PRODUCTS_SERVERS']).toBe('server products:3000;');
        expect(env('shop_lb')['SHOP_FE_SERVERS']).toBe('server shop-fe:8080 max_fails=3 fail_timeout=10s;');
        expect(env('shop_fe')['SHOP_GW_SERVERS']).toBeUndefined();
        expect(env('orders')['PRODUCTS_SERVERS']).toBeUndefined();
        const replicated: AddressBook = {
            ...native,
            replicas: (serviceName, port) => [1, 2].map(i => `127.0.0.1:${port + 10000 + i}`),
            listenHost: () => '127.0.0.1',
            staticRoot: serviceName => `/srv/out/frontends/${serviceName}/public`
        };
        expect(env('shop_lb', replicated)).toMatchObject({
            LISTEN_HOST: '127.0.0.1',
            SHOP_FE_URL: 'http://127.0.0.1:18080',
            SHOP_FE_SERVERS: 'server 127.0.0.1:18081 max_fails=3 fail_timeout=10s; server 127.0.0.1:18082 max_fails=3 fail_timeout=10s;'
        });
        expect(env('shop_fe', replicated)['STATIC_ROOT']).toBe('/srv/out/frontends/shop-fe/public');
    });

    it('gives databases nothing: their image reads its own variables', () => {
        expect(env('users_db')).toEqual({});
    });
});
