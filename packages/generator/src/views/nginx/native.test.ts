import { describe, expect, it } from 'vitest';
import { nativeMainConf, renderNginxTemplate } from './native.js';

describe('native nginx', () => {
    it('substitutes the listed variables only, as envsubst with a list of names', () => {
        const template = 'listen ${LISTEN_HOST}:${PORT};\nset $x "$uri ${HOME} $PORT";\n${USERS_SERVERS}\n';
        const env = [
            { name: 'LISTEN_HOST', value: '127.0.0.1' },
            { name: 'PORT', value: '18080' },
            { name: 'USERS_SERVERS', value: 'server 127.0.0.1:4001; server 127.0.0.1:4002;' }
        ];
        expect(renderNginxTemplate(template, env)).toBe(
            'listen 127.0.0.1:18080;\nset $x "$uri ${HOME} $PORT";\nserver 127.0.0.1:4001; server 127.0.0.1:4002;\n');
    });

    it('wraps a conf.d file in a main configuration of its own folder', () => {
        const conf = nativeMainConf({ folder: '/run/gw', include: '/run/gw/default.conf', user: 'www-data' });
        expect(conf.split('\n')).toEqual(expect.arrayContaining([
            'user www-data;',
            'pid /run/gw/nginx.pid;',
            'error_log /run/gw/error.log warn;',
            '    proxy_temp_path /run/gw/proxy_temp;',
            '    include /run/gw/default.conf;'
        ]));
        expect(nativeMainConf({ folder: '/f', include: '/f/x.conf' })).not.toContain('user ');
    });
});
