import type { ArchitectureModel } from '@archgen/model';
import { type LocalPlan, localPlan } from './plan.js';

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
