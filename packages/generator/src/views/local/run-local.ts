import type { ArchitectureModel } from '@archgen/model';
import { type ComponentUnit, type LocalPlan, localPlan } from './plan.js';

/** The view of `run-local.sh`: a thin POSIX wrapper around `run-local.mjs`. */
export interface RunLocalScriptView {
    readonly minNodeMajor: number;
}

/** The view of `run-local.mjs`: the runner (in the template) and its plan, as JSON. */
export interface RunLocalRunnerView {
    readonly minNodeMajor: number;
    /** `JSON.stringify(plan, null, 2)`: a JavaScript expression too. */
    readonly planJson: string;
}

export const MIN_NODE_MAJOR = 20;

export function runLocalScriptView(): RunLocalScriptView {
    return { minNodeMajor: MIN_NODE_MAJOR };
}

export function runLocalRunnerView(model: ArchitectureModel): RunLocalRunnerView {
    const plan: LocalPlan = localPlan(model);
    return { minNodeMajor: MIN_NODE_MAJOR, planJson: JSON.stringify(plan, null, 2) };
}

/** Names for the README's `stop` / `restart` lines: a second replica (or a component) and a server. */
export interface LocalNameExamples {
    /** `shop_fe#2` when a component has replicas, else a component's name. */
    readonly stop: string;
    /** A broker, else `postgres`, else a component. */
    readonly restart: string;
}

/** What run-local.sh stop / start / restart would be shown with; null when nothing runs but servers. */
export function localNameExamples(plan: LocalPlan): LocalNameExamples | null {
    const components = plan.units.filter((u): u is ComponentUnit => u.kind === 'service' || u.kind === 'nginx');
    const replicated = components.find(u => u.replicas > 1);
    const first = components[0];
    if (!first) return null;
    const broker = plan.units.find(u => u.kind === 'rabbitmq' || u.kind === 'mosquitto');
    const postgres = plan.units.find(u => u.kind === 'postgres');
    return {
        stop: replicated ? `${replicated.component}#2` : first.component,
        restart: broker && 'broker' in broker ? broker.broker : postgres ? postgres.id : first.component
    };
}
