import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { isPortableName } from '../util/naming.js';
import { serviceName, tableName } from '../ir/names.js';
import { contextOf } from './_context.js';
import { lineOf, relatedAt, report } from './_shared.js';
import { IssueCodes } from './issue-codes.js';

/** Two components with one name: the second is reported, pointing at the first. */
export function componentNamesMustBeUnique(model: ast.Model, accept: ValidationAcceptor): void {
    const first = new Map<string, ast.Component>();
    for (const component of contextOf(model).build.components) {
        if (!component.name) continue;
        const earlier = first.get(component.name);
        if (!earlier) {
            first.set(component.name, component);
            continue;
        }
        report(accept, 'error', IssueCodes.DuplicateComponent,
            `Component '${component.name}' is already declared on line ${lineOf(earlier, component)}: component names must be unique.`,
            { node: component, property: 'name', relatedInformation: relatedAt(earlier, `'${component.name}' is first declared here.`, 'name') });
    }
}

/** Different names that become the same container / Kubernetes service name (`Shop` and `shop`). */
export function componentNamesMustNotCollide(model: ast.Model, accept: ValidationAcceptor): void {
    const first = new Map<string, ast.Component>();
    for (const component of contextOf(model).build.components) {
        if (!component.name) continue;
        const service = serviceName(component.name);
        const earlier = first.get(service);
        if (!earlier) {
            first.set(service, component);
            continue;
        }
        if (earlier.name === component.name) continue; // a plain duplicate, reported as such
        report(accept, 'error', IssueCodes.NameCollision,
            `Component '${component.name}' becomes the service name '${service}', as does component '${earlier.name}' on line ${lineOf(earlier, component)}: rename one of them.`,
            { node: component, property: 'name', relatedInformation: relatedAt(earlier, `'${earlier.name}' also becomes '${service}'.`, 'name') });
    }
}

/** A name that is not a container name as written is rewritten; say how. `_` alone is a mechanical rewrite and passes. */
export function componentNameShouldBePortable(component: ast.Component, accept: ValidationAcceptor): void {
    if (!component.name || isPortableName(component.name)) return;
    const rewritten = serviceName(component.name);
    const why = component.name.length > 63
        ? 'container and Kubernetes names have at most 63 characters'
        : 'container and Kubernetes names use only lower-case letters, digits and \'-\'';
    report(accept, 'warning', IssueCodes.NameNotPortable,
        `Component name '${component.name}' cannot be used as a container or Kubernetes name as written (${why}): it will be rewritten as '${rewritten}'.`,
        { node: component, property: 'name' });
}

/**
 * Entity names are global (a reference or a trigger names an entity without
 * its database), and each becomes a table and a REST resource, so two entities
 * that map to one table collide as well.
 */
export function entityNamesMustBeUnique(model: ast.Model, accept: ValidationAcceptor): void {
    const byName = new Map<string, ast.Entity>();
    const byTable = new Map<string, ast.Entity>();
    for (const element of contextOf(model).build.components) {
        for (const entity of element.members) {
            if (!ast.isEntity(entity) || !entity.name) continue;
            const earlier = byName.get(entity.name);
            if (earlier) {
                report(accept, 'error', IssueCodes.DuplicateEntity,
                    `Entity '${entity.name}' is already declared on line ${lineOf(earlier, entity)}: entity names must be unique in the whole model.`,
                    { node: entity, property: 'name', relatedInformation: relatedAt(earlier, `'${entity.name}' is first declared here.`, 'name') });
                continue;
            }
            byName.set(entity.name, entity);
            const table = tableName(entity.name);
            const sameTable = byTable.get(table);
            if (sameTable) {
                report(accept, 'error', IssueCodes.DuplicateEntity,
                    `Entity '${entity.name}' maps to the table '${table}', as does entity '${sameTable.name}' on line ${lineOf(sameTable, entity)}: rename one of them.`,
                    { node: entity, property: 'name', relatedInformation: relatedAt(sameTable, `'${sameTable.name}' also maps to '${table}'.`, 'name') });
                continue;
            }
            byTable.set(table, entity);
        }
    }
}

export const nameChecks: ValidationChecks<ast.ArchgenAstType> = {
    Model: [componentNamesMustBeUnique, componentNamesMustNotCollide, entityNamesMustBeUnique],
    Component: [componentNameShouldBePortable]
};
