import type { ArchitectureModel } from '@archgen/model';
import type { Manifest } from '../engine/manifest.js';
import type { SecretSpec, TargetId, TargetInfo } from '../types.js';
import { composeTarget } from './compose.js';
import { allTarget, k8sTarget } from './k8s.js';

export interface Target extends TargetInfo {
    readonly manifest: Manifest;
    readonly secrets: (model: ArchitectureModel) => SecretSpec[];
}

const TARGETS: readonly Target[] = [composeTarget, k8sTarget, allTarget];

export function findTarget(id: TargetId): Target {
    const target = TARGETS.find(t => t.id === id);
    if (!target) throw new Error(`Unknown target '${String(id)}'; known targets: ${TARGETS.map(t => t.id).join(', ')}.`);
    return target;
}

export function listTargets(): TargetInfo[] {
    return TARGETS.map(({ id, description }) => ({ id, description }));
}
