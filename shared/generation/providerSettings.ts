// Which provider generation uses and how to reach it. The API key is not here: it stays
// in the main process.
import { z } from 'zod';

export const ProviderSettingsSchema = z.strictObject({
  /** the provider Extend uses unless the dialog picks another */
  defaultProvider: z.enum(['local', 'remote']),
  remote: z.strictObject({
    presetId: z.string().max(64),
    baseURL: z.string().max(2048),
    model: z.string().max(200),
    /** extra form fields for self-hosted engines (seed, negative_prompt, …) */
    extra: z.record(z.string().max(64), z.union([z.string().max(2000), z.number()])),
    /** what a gateway charges per generated second, when the preset does not know (null: the preset's price) */
    pricePerSecondUsd: z.number().nonnegative().max(100).nullable().optional(),
    /** what a server the presets do not know can do (a gateway's model): overrides the preset's answer */
    capabilities: z.strictObject({ extensions: z.boolean().optional(), remix: z.boolean().optional(), imageReference: z.boolean().optional() }).optional(),
  }),
  /** block a job that would take the project's spend above this; null: no cap */
  budgetUsd: z.number().nonnegative().max(1_000_000).nullable(),
});
export type ProviderSettings = z.infer<typeof ProviderSettingsSchema>;

export const DEFAULT_SETTINGS: ProviderSettings = {
  defaultProvider: 'local',
  remote: { presetId: 'vllm-omni', baseURL: 'http://127.0.0.1:8091/v1', model: 'Wan-AI/Wan2.2-TI2V-5B-Diffusers', extra: {} },
  budgetUsd: null,
};

