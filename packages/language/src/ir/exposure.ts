import type { Exposure } from '@archgen/model';
import * as ast from '../generated/ast.js';
import type { BuildContext } from './context.js';

/** The first host port given to a public component without one. */
export const DEFAULT_PUBLIC_PORT = 8080;

/**
 * Who is reachable from outside. Components declared `public` are; when none
 * is declared, the entry is: load balancers nothing calls, else frontends
 * nothing calls, else gateways, else services nothing calls. `private` always
 * wins. Public components without a port get 8080, 8081, ... in model order.
 */
export function defaultExposure(ctx: BuildContext): Map<string, Exposure> {
    const declared = new Map<string, ast.Exposure>();
    const privateOnes = new Set<string>();
    for (const c of ctx.components) {
        let exposure: ast.Exposure | undefined;
        let isPrivate = false;
        for (const member of c.members) {
            if (!exposure && ast.isExposure(member)) exposure = member;
            else if (ast.isPrivate(member)) isPrivate = true;
        }
        if (exposure) declared.set(c.name, exposure);
        if (isPrivate) privateOnes.add(c.name);
    }
    const publicNames: { name: string; implicit: boolean }[] = [];
    if (declared.size > 0) {
        for (const c of ctx.components) if (declared.has(c.name) && !privateOnes.has(c.name)) publicNames.push({ name: c.name, implicit: false });
    } else {
        const entries = ctx.components.filter(c => c.kind !== 'database' && !privateOnes.has(c.name)
            && ctx.connectorsTo(c.name, 'http').length === 0);
        for (const kinds of [['load_balancer'], ['frontend'], ['api_gateway'], ['backend', 'mqtp']]) {
            const found = entries.filter(c => kinds.includes(c.kind));
            if (found.length > 0) {
                publicNames.push(...found.map(c => ({ name: c.name, implicit: true })));
                break;
            }
        }
    }
    const used = new Set<number>();
    for (const { name } of publicNames) {
        const port = declared.get(name)?.port;
        if (port !== undefined) used.add(port);
    }
    const result = new Map<string, Exposure>();
    let next = DEFAULT_PUBLIC_PORT;
    for (const { name, implicit } of publicNames) {
        let port = declared.get(name)?.port;
        if (port === undefined) {
            while (used.has(next)) next++;
            port = next;
            used.add(port);
        }
        result.set(name, { public: true, port, implicit });
    }
    return result;
}
