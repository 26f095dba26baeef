import { type ArchitectureModel, isService } from '@archgen/model';
import { channelDelayVar } from '../../naming.js';
import { collectSecrets, compareStrings } from '../../secrets.js';
import { consumerDelayMs } from '../environment.js';

export interface EnvFileEntry {
    readonly name: string;
    readonly description: string;
    readonly value: string;
}

/** The view of `.env.example`: every secret with a placeholder, then the optional settings. */
export interface EnvFileView {
    readonly secrets: readonly EnvFileEntry[];
    /** Settings with a default in the compose file; shown commented out. */
    readonly settings: readonly EnvFileEntry[];
}

/** What `.env.example` shows instead of a secret; never a usable value. */
export const SECRET_PLACEHOLDER = 'change-me';

export function envFileView(model: ArchitectureModel): EnvFileView {
    const settings = new Map<string, EnvFileEntry>();
    for (const service of model.components.filter(isService)) {
        for (const channel of service.consumes) {
            const name = channelDelayVar(channel);
            if (settings.has(name)) continue;
            settings.set(name, {
                name,
                description: `Milliseconds a consumer of '${channel}' waits before processing a message.`,
                value: String(consumerDelayMs(model, service, channel))
            });
        }
    }
    return {
        secrets: collectSecrets(model).map(s => ({
            name: s.name,
            description: s.description,
            value: s.suggested ?? SECRET_PLACEHOLDER
        })),
        settings: [...settings.values()].sort((a, b) => compareStrings(a.name, b.name))
    };
}
