// What the generation service needs to know about the configured remote model, from the
// presets (or generic assumptions for a custom server's model).
import { findModel, findPreset, genericModel, isRetired, pickSeconds, ratePerSecond, type RemoteModel } from '../../../shared/generation/remotePresets';

export interface RemoteModelInfo {
  presetLabel: string;
  model: RemoteModel;
  /** the retirement date when the model or its service no longer serves, else undefined */
  retired?: string;
  maxSecondsPerCall: number;
  supportsRemix: boolean;
  supportsImageReference: boolean;
  supportsExtensions: boolean;
  /** the seconds value sent (and billed) for a wanted length */
  billedSeconds(wanted: number): number;
  pricePerSecond(size: string): number;
}

export function remoteModel(presetId: string, modelId: string, priceOverride?: number | null, capabilities: { extensions?: boolean; remix?: boolean; imageReference?: boolean } = {}): RemoteModelInfo {
  const preset = findPreset(presetId);
  const known = findModel(presetId, modelId) ?? genericModel(modelId);
  const model = {
    ...known,
    supportsExtensions: capabilities.extensions ?? known.supportsExtensions,
    supportsRemix: capabilities.remix ?? known.supportsRemix,
    supportsImageReference: capabilities.imageReference ?? known.supportsImageReference,
  };
  const retiredOn = [model, preset ?? {}].find((x) => isRetired(x)) as { retired?: string } | undefined;
  return {
    presetLabel: preset?.label ?? 'Custom server',
    model,
    ...(retiredOn?.retired ? { retired: `shut down on ${retiredOn.retired}` } : {}),
    maxSecondsPerCall: model.maxSecondsPerCall,
    supportsRemix: model.supportsRemix,
    supportsImageReference: model.supportsImageReference,
    supportsExtensions: model.supportsExtensions,
    billedSeconds: (wanted) => pickSeconds(model, Math.ceil(wanted - 1e-9)),
    pricePerSecond: (size) => (priceOverride !== undefined && priceOverride !== null ? priceOverride : ratePerSecond(model.pricePerSecondUsd, size)),
  };
}
