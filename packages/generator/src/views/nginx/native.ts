/**
 * Running the generated nginx configuration without Docker: the rules a native
 * runner (run-local.sh, the tests) follows, and a reference implementation.
 *
 * 1. Environment. For each frontend, gateway and load balancer C, take
 *    `environmentFor(model, C, book)` with the runner's AddressBook: `host`/`port`
 *    where each component listens, `replicas` every instance of a target (one
 *    `server` line each in `<TARGET>_SERVERS`), `listenHost` `127.0.0.1`, and for
 *    frontends `staticRoot` the absolute path of `frontends/<svc>/public`.
 *
 * 2. Render. Read `<folder>/default.conf.template` (gateways/<svc>, load-balancers/<svc>,
 *    frontends/<svc>) and replace every `${NAME}` whose NAME is one of those
 *    variables by its value; leave everything else as it is (`$uri`, `$host`, an
 *    unknown `${OTHER}`). This is what the official image's envsubst does when
 *    only the container's environment is defined. In a shell, with the variables
 *    exported: `envsubst "$(printf '${%s} ' NAME1 NAME2 ...)" < in > out`
 *    (list the names explicitly: a bare `envsubst` would also eat `$uri`).
 *
 * 3. Include. The rendered file is a conf.d file (http context: upstreams, maps,
 *    a zone, one `server`). Give each component its own folder and main
 *    configuration (see `nativeMainConf`): `pid`, `error_log`, an `events {}`,
 *    and inside `http {}` the five temp paths, an access log and
 *    `include <folder>/default.conf;`. No mime.types is needed: frontends declare
 *    their own `types`.
 *
 * 4. Run. `nginx -p <folder> -c <folder>/nginx.conf` (add `-g 'daemon off;'` to
 *    keep it in the foreground and own its PID), `-t` to check first. As root,
 *    nginx runs its workers as `nobody` (or `user` in the main configuration):
 *    that user must be able to read the folder, the static files and write the
 *    temp paths. Stop it with SIGQUIT (graceful) or SIGTERM to the master's PID.
 */
import type { EnvVar } from '../environment.js';

/** Replaces `${NAME}` for the given variables only, as envsubst with a list of names does. */
export function renderNginxTemplate(template: string, env: readonly EnvVar[]): string {
    const values = new Map(env.map(v => [v.name, v.value]));
    return template.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => values.get(name) ?? whole);
}

export interface NativeMainConfOptions {
    /** Absolute folder of this nginx: pid, logs, temp paths. */
    readonly folder: string;
    /** Absolute path of the rendered conf.d file. */
    readonly include: string;
    /** `user` for the workers when started as root (default: nginx's own, `nobody`). */
    readonly user?: string;
}

/** The main configuration around one rendered conf.d file. */
export function nativeMainConf(options: NativeMainConfOptions): string {
    const f = options.folder;
    return [
        ...(options.user ? [`user ${options.user};`] : []),
        'worker_processes 1;',
        `pid ${f}/nginx.pid;`,
        `error_log ${f}/error.log warn;`,
        '',
        'events {',
        '    worker_connections 256;',
        '}',
        '',
        'http {',
        `    client_body_temp_path ${f}/client_body_temp;`,
        `    proxy_temp_path ${f}/proxy_temp;`,
        `    fastcgi_temp_path ${f}/fastcgi_temp;`,
        `    uwsgi_temp_path ${f}/uwsgi_temp;`,
        `    scgi_temp_path ${f}/scgi_temp;`,
        `    access_log ${f}/access.log;`,
        `    include ${options.include};`,
        '}',
        ''
    ].join('\n');
}
