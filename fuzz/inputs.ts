/**
 * One fuzz input per seed: the seed alone decides how the input is made
 * (generated, generated then mutated, a multi-file project, or a real model
 * mutated) and every random choice on the way.
 */
import { corpus, corpusTexts, type FuzzFile } from './corpus.js';
import { generateModel, generateProject, tokenSoup } from './generate.js';
import { mutate, MUTATORS } from './mutate.js';
import { Rng } from './rng.js';

export interface FuzzInput {
    readonly seed: number;
    /** How it was made: `generate chaos=0.1 + swapLines, deleteToken`. */
    readonly recipe: string;
    readonly files: readonly FuzzFile[];
}

export function inputFor(seed: number): FuzzInput {
    const rng = new Rng(seed);
    const texts = corpusTexts();
    const donor = (): string => (rng.chance(0.8) ? rng.pick(texts) : generateModel(rng, rng.pick([0, 0.3])));
    const mutations = (): number => 1 + rng.geometric(0.45, 12);
    const chaos = rng.pick([0, 0, 0, 0.1, 0.3, 0.6, 1]);
    const strategy = rng.weighted<string>([[30, 'generate'], [14, 'generate+mutate'], [7, 'project'], [40, 'mutate'], [6, 'rename'], [2, 'soup'], [1, 'big']]);
    switch (strategy) {
        case 'soup': {
            const length = rng.weighted([[6, rng.int(1, 60)], [3, rng.int(60, 600)], [1, rng.int(600, 3000)]]);
            return { seed, recipe: `soup ${length}`, files: [{ name: 'model.arch', text: tokenSoup(rng, length) }] };
        }
        case 'big': {
            const size = rng.int(15, 60);
            const text = generateModel(rng, rng.chance(0.7) ? 0 : chaos, size);
            return { seed, recipe: `big ${size} services, chaos=${chaos}`, files: [{ name: 'model.arch', text }] };
        }
        case 'generate':
            return { seed, recipe: `generate chaos=${chaos}`, files: [{ name: 'model.arch', text: generateModel(rng, chaos) }] };
        case 'generate+mutate': {
            const m = mutate(rng, generateModel(rng, chaos), mutations(), donor);
            return { seed, recipe: `generate chaos=${chaos} + ${m.steps.join(', ')}`, files: [{ name: 'model.arch', text: m.text }] };
        }
        case 'project': {
            const files = generateProject(rng, chaos);
            if (rng.chance(0.4)) {
                const i = rng.index(files.length);
                const m = mutate(rng, files[i]!.text, mutations(), donor);
                files[i] = { name: files[i]!.name, text: m.text };
                return { seed, recipe: `project chaos=${chaos} + ${files[i]!.name}: ${m.steps.join(', ')}`, files };
            }
            return { seed, recipe: `project chaos=${chaos}`, files };
        }
        case 'rename': {
            // Consistent renames keep a valid model valid, so the IR and the generator see odd names.
            const entry = rng.pick(corpus());
            let recipe = `${entry.id} + rename`;
            const files = entry.files.map(f => ({ ...f }));
            for (let n = rng.int(1, 4); n > 0; n--) {
                const i = rng.index(files.length);
                files[i] = { name: files[i]!.name, text: MUTATORS['renameEverywhere']!(rng, files[i]!.text, donor) };
            }
            recipe += ` x${files.length}`;
            return { seed, recipe, files };
        }
        default: {
            const entry = rng.pick(corpus());
            const files = entry.files.map(f => ({ ...f }));
            const i = rng.index(files.length);
            const m = mutate(rng, files[i]!.text, mutations(), donor);
            files[i] = { name: files[i]!.name, text: m.text };
            return { seed, recipe: `${entry.id}${files.length > 1 ? ` (${files[i]!.name})` : ''} + ${m.steps.join(', ')}`, files };
        }
    }
}
