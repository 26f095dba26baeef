import { rulePath } from './rules.js';

/**
 * Where archgen is published: SARIF's `informationUri`, and the base of the
 * rule pages' `helpUri`. The one place to change when the repository moves.
 */
export const PROJECT_URL = 'https://github.com/archgen/archgen';

/** The published page of a diagnostic code: `<PROJECT_URL>/blob/main/docs/rules/<code>.md`. */
export function ruleUrl(code: string): string {
    return `${PROJECT_URL}/blob/main/${rulePath(code)}`;
}
