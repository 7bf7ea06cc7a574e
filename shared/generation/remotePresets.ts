// Provider presets for the generation settings: the `/v1/videos` servers Segue knows
// (self-hosted vLLM-Omni and SGLang Diffusion, OpenAI and Azure Sora 2, which are retired),
// what each model accepts (sizes, seconds, features) and what it costs, plus small pure
// helpers: find a model, tell whether it is retired, price a job, pick a size for a project.
// Pure TypeScript: shared by the settings UI and the main process.

/** Price per generated second: one flat rate, or a base rate with dearer tiers for larger frames. */
export type PricePerSecond =
  | number
  | {
      base: number;
      /** the first tier (in order) whose `minShortSide` the size's shorter side reaches wins */
      tiers: readonly { minShortSide: number; usd: number }[];
    };

export interface RemoteModel {
  id: string;
  label: string;
  /** "WIDTHxHEIGHT" values the model accepts, or 'any' (self-hosted engines take most sizes) */
  sizes: readonly string[] | 'any';
  /** whole seconds one create call accepts */
  seconds: readonly number[];
  maxSecondsPerCall: number;
  pricePerSecondUsd: PricePerSecond;
  supportsExtensions: boolean;
  supportsImageReference: boolean;
  supportsRemix: boolean;
  /** ISO date (YYYY-MM-DD) on which the service stopped serving the model */
  retired?: string;
}

export type PresetId = 'vllm-omni' | 'sglang' | 'openai' | 'azure' | 'custom';

export interface RemotePreset {
  id: PresetId;
  label: string;
  /** default base URL; `<resource>` marks a part the user must fill in */
  baseURL: string;
  /** whether the server expects an API key (self-hosted servers usually do not) */
  needsApiKey: boolean;
  models: readonly RemoteModel[];
  /** names of the extra form fields the engine understands beyond the OpenAI ones */
  extraFields: readonly string[];
  /** ISO date on which the whole service stopped serving video */
  retired?: string;
  /** one line for the settings UI */
  note: string;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const SELF_HOSTED_EXTRAS = ['width', 'height', 'num_frames', 'fps', 'num_inference_steps', 'seed', 'negative_prompt', 'guidance_scale'] as const;

const selfHosted = (id: string, label: string, maxSeconds: number, imageReference: boolean): RemoteModel => ({
  id,
  label,
  sizes: 'any',
  seconds: range(1, maxSeconds),
  maxSecondsPerCall: maxSeconds,
  pricePerSecondUsd: 0,
  supportsExtensions: false,
  supportsImageReference: imageReference,
  supportsRemix: false,
});

const SELF_HOSTED_MODELS: readonly RemoteModel[] = [
  selfHosted('Wan-AI/Wan2.2-TI2V-5B-Diffusers', 'Wan 2.2 TI2V 5B (text or image to video)', 10, true),
  selfHosted('Wan-AI/Wan2.2-T2V-A14B-Diffusers', 'Wan 2.2 T2V A14B (text to video)', 10, false),
  selfHosted('Wan-AI/Wan2.2-I2V-A14B-Diffusers', 'Wan 2.2 I2V A14B (image to video)', 10, true),
  selfHosted('Lightricks/LTX-2', 'LTX-2 (picture and sound)', 20, true),
];

export const SORA_SHUTDOWN = '2026-09-24';
export const AZURE_SORA_SHUTDOWN = '2026-10-15';

const SORA_SECONDS = [4, 8, 12] as const;

const sora = (retired: string): RemoteModel[] => [
  {
    id: 'sora-2',
    label: 'Sora 2',
    sizes: ['720x1280', '1280x720'],
    seconds: SORA_SECONDS,
    maxSecondsPerCall: 12,
    pricePerSecondUsd: 0.1,
    supportsExtensions: true,
    supportsImageReference: true,
    supportsRemix: true,
    retired,
  },
  {
    id: 'sora-2-pro',
    label: 'Sora 2 Pro',
    sizes: ['720x1280', '1280x720', '1024x1792', '1792x1024', '1920x1080', '1080x1920'],
    seconds: SORA_SECONDS,
    maxSecondsPerCall: 12,
    pricePerSecondUsd: { base: 0.3, tiers: [{ minShortSide: 1024, usd: 0.5 }] },
    supportsExtensions: true,
    supportsImageReference: true,
    supportsRemix: true,
    retired,
  },
];

export const REMOTE_PRESETS: readonly RemotePreset[] = [
  {
    id: 'vllm-omni',
    label: 'vLLM-Omni (self-hosted)',
    baseURL: 'http://127.0.0.1:8091/v1',
    needsApiKey: false,
    models: SELF_HOSTED_MODELS,
    extraFields: SELF_HOSTED_EXTRAS,
    note: 'vllm serve <model> --omni --port 8091; free to run on your own GPU.',
  },
  {
    id: 'sglang',
    label: 'SGLang Diffusion (self-hosted)',
    baseURL: 'http://127.0.0.1:30000/v1',
    needsApiKey: false,
    models: SELF_HOSTED_MODELS,
    extraFields: SELF_HOSTED_EXTRAS,
    note: 'sglang serve --model-path <model>; free to run, spreads over several GPUs.',
  },
  {
    id: 'openai',
    label: 'OpenAI Sora 2',
    baseURL: 'https://api.openai.com/v1',
    needsApiKey: true,
    models: sora(SORA_SHUTDOWN),
    extraFields: [],
    retired: SORA_SHUTDOWN,
    note: `OpenAI shut down the Videos API and all sora-2 models on ${SORA_SHUTDOWN}.`,
  },
  {
    id: 'azure',
    label: 'Azure OpenAI (v1)',
    baseURL: 'https://<resource>.openai.azure.com/openai/v1/',
    needsApiKey: true,
    models: sora(AZURE_SORA_SHUTDOWN),
    extraFields: [],
    retired: AZURE_SORA_SHUTDOWN,
    note: `The model is your deployment name. Azure retired its last sora-2 on ${AZURE_SORA_SHUTDOWN}.`,
  },
  {
    id: 'custom',
    label: 'Custom',
    baseURL: '',
    needsApiKey: false,
    models: [],
    extraFields: SELF_HOSTED_EXTRAS,
    note: 'Any server that speaks the OpenAI /v1/videos contract.',
  },
];

export const findPreset = (presetId: string): RemotePreset | undefined => REMOTE_PRESETS.find((p) => p.id === presetId);

/** What Segue assumes about a model it has no preset for (custom servers, Azure deployment names). */
export const genericModel = (id: string): RemoteModel => ({
  id,
  label: id,
  sizes: 'any',
  seconds: range(1, 20),
  maxSecondsPerCall: 20,
  pricePerSecondUsd: 0,
  supportsExtensions: false,
  supportsImageReference: true,
  supportsRemix: false,
});

/** The preset's model with this id; undefined for an unknown preset or model. */
export function findModel(presetId: string, modelId: string): RemoteModel | undefined {
  return findPreset(presetId)?.models.find((m) => m.id === modelId);
}

/** True once the entry's retirement date (UTC) has come. */
export function isRetired(entry: { retired?: string }, now: Date = new Date()): boolean {
  if (!entry.retired) return false;
  const at = Date.parse(`${entry.retired}T00:00:00Z`);
  return Number.isFinite(at) && now.getTime() >= at;
}

export interface Size {
  width: number;
  height: number;
}

export function parseSize(size: string): Size | null {
  const m = /^(\d+)x(\d+)$/.exec(size.trim());
  if (!m) return null;
  const width = Number(m[1]);
  const height = Number(m[2]);
  return width > 0 && height > 0 ? { width, height } : null;
}

export const formatSize = ({ width, height }: Size): string => `${width}x${height}`;

/** USD per generated second at this size. */
export function ratePerSecond(price: PricePerSecond, size: string): number {
  if (typeof price === 'number') return price;
  const s = parseSize(size);
  const shortSide = s ? Math.min(s.width, s.height) : 0;
  return price.tiers.find((t) => shortSide >= t.minShortSide)?.usd ?? price.base;
}

/** Estimated USD for one job (rounded to a thousandth of a cent). */
export function priceFor(model: Pick<RemoteModel, 'pricePerSecondUsd'>, size: string, seconds: number): number {
  return Math.round(ratePerSecond(model.pricePerSecondUsd, size) * seconds * 1e5) / 1e5;
}

const roundTo16 = (n: number): number => Math.max(16, Math.round(n / 16) * 16);

/**
 * The size to ask for a project of width×height: for 'any', the project size rounded to
 * multiples of 16; otherwise the allowed size closest to the project's aspect, preferring
 * the smallest one at least as tall as the project, else the tallest.
 */
export function pickSize(model: Pick<RemoteModel, 'sizes'>, width: number, height: number): string {
  if (model.sizes === 'any') return formatSize({ width: roundTo16(width), height: roundTo16(height) });
  const candidates = model.sizes.map((s) => ({ s, size: parseSize(s) })).filter((c): c is { s: string; size: Size } => c.size !== null);
  if (candidates.length === 0) throw new Error('The model lists no sizes');
  const aspect = width / height;
  const distance = (z: Size) => Math.abs(Math.log(z.width / z.height / aspect));
  const best = Math.min(...candidates.map((c) => distance(c.size)));
  const sameAspect = candidates.filter((c) => distance(c.size) - best < 1e-3).sort((a, b) => a.size.height - b.size.height);
  const tallEnough = sameAspect.find((c) => c.size.height >= height);
  return (tallEnough ?? sameAspect[sameAspect.length - 1]!).s;
}

/** The allowed seconds value closest to (and preferably not under) the wanted length. */
export function pickSeconds(model: Pick<RemoteModel, 'seconds'>, wanted: number): number {
  const sorted = [...model.seconds].sort((a, b) => a - b);
  return sorted.find((s) => s >= wanted) ?? sorted[sorted.length - 1] ?? Math.ceil(wanted);
}

const hostOf = (url: string): string => {
  const m = /^[a-z]+:\/\/(?:[^@/]*@)?([^/:?#]+)/i.exec(url.trim());
  return (m?.[1] ?? '').toLowerCase();
};

/** The preset a base URL belongs to, by host (OpenAI, Azure) or default address (self-hosted). */
export function presetForBaseURL(baseURL: string): RemotePreset | undefined {
  const host = hostOf(baseURL);
  if (host === 'api.openai.com') return findPreset('openai');
  if (host.endsWith('.openai.azure.com')) return findPreset('azure');
  const norm = (u: string) => u.trim().replace(/\/+$/, '').toLowerCase();
  return REMOTE_PRESETS.find((p) => p.id !== 'custom' && norm(p.baseURL) === norm(baseURL));
}

/**
 * A sentence saying when a known service stopped serving this model, or null. Azure
 * deployments have any name, so an Azure host alone is enough; elsewhere the model id
 * (or a dated snapshot such as sora-2-2025-10-06) must be a retired preset model.
 */
export function retirementNote(baseURL: string, modelId: string): string | null {
  if (presetForBaseURL(baseURL)?.id === 'azure') return `Azure retired its last sora-2 on ${AZURE_SORA_SHUTDOWN}.`;
  const retired = findPreset('openai')!.models.find((m) => m.retired && (modelId === m.id || modelId.startsWith(`${m.id}-20`)));
  return retired ? `OpenAI shut down ${retired.id} on ${retired.retired}.` : null;
}
