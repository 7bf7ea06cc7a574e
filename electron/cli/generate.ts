// `segue extend` and `segue fill-gap`: the core move from the command line, through the
// same generation service and placement code as the editor. OUT is written only once the
// result is placed; on any failure the command exits 1 and the input is untouched.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/ipc/result';
import { gapTarget, placeExtension, placeFill, sourcePoint, type Placed } from '../../shared/generation/placement';
import { isActive, type GenerationRequest, type GenerationStatus } from '../../shared/generation/model';
import { DEFAULT_SETTINGS } from '../../shared/generation/providerSettings';
import { findPreset, parseSize, pickSize, presetForBaseURL } from '../../shared/generation/remotePresets';
import { remoteModel } from '../services/generation/remoteModel';
import { locateAll } from '../../shared/timeline/edit/core';
import { secondsToFrames } from '../../shared/timeline/time';
import type { Project, Timeline } from '../../shared/timeline/model';
import { createServices, type ServiceOverrides, type Services } from '../services';
import { projectDataDir } from '../services/generation/generationService';
import { writeProjectFile } from '../services/project/projectFile';
import { exportOtioText } from '../../shared/interchange/otio/export';
import { writeFileAtomic } from '../services/project/projectFile';

export interface GenerateIO {
  out: (text: string) => void;
  err: (text: string) => void;
  progress: (progress: number, eta: number | null) => void;
}

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  clip: { type: 'string' },
  after: { type: 'string' },
  seconds: { type: 'string' },
  prompt: { type: 'string' },
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  size: { type: 'string' },
  crossfade: { type: 'string' },
  takes: { type: 'string' },
  force: { type: 'boolean' },
} as const;

export const EXTEND_USAGE =
  'usage: segue extend PROJECT_OR_OTIO --clip NAME_OR_ID --seconds S [--prompt TEXT] [--provider local|openai] [--base-url URL] [--model M] [--size WxH] [--crossfade SECONDS] [--takes N] -o OUT.segue|OUT.otio';
export const FILL_USAGE = 'usage: segue fill-gap PROJECT_OR_OTIO --after NAME_OR_ID [--prompt TEXT] [--provider local|openai] [--base-url URL] [--model M] [--size WxH] -o OUT.segue|OUT.otio';

const number = (name: string, v: string | undefined, fallback: number, min: number, max: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new AppError('invalid_input', `--${name} must be a number from ${min} to ${max}, not ${v}`);
  return n;
};

/** A clip by id, else by name (picture first); ambiguous names are refused. */
export function findClip(timeline: Timeline, nameOrId: string): string {
  const all = [...locateAll(timeline).values()];
  if (all.some((l) => l.piece.clip.id === nameOrId)) return nameOrId;
  const kind = (trackId: string) => timeline.tracks.find((t) => t.id === trackId)?.kind;
  const named = all.filter((l) => l.piece.clip.name === nameOrId);
  const video = named.filter((l) => kind(l.trackId) === 'video');
  const pick = video.length ? video : named;
  if (pick.length === 0) throw new AppError('not_found', `No clip named or with id "${nameOrId}" on the timeline`);
  const linkIds = new Set(pick.map((l) => l.piece.clip.linkId ?? l.piece.clip.id));
  if (linkIds.size > 1) throw new AppError('invalid_input', `${pick.length} clips are named "${nameOrId}"; use a clip id (${pick.map((l) => l.piece.clip.id).join(', ')})`);
  return pick[0]!.piece.clip.id;
}

function configureProvider(s: Services, values: { provider?: string; 'base-url'?: string; model?: string }): 'local' | 'remote' {
  const provider = values.provider ?? 'local';
  if (provider === 'local') return 'local';
  if (provider !== 'openai') throw new AppError('invalid_input', `--provider is local or openai, not ${provider}`);
  const saved = s.providerSettings.get();
  const baseURL = values['base-url'] ?? saved.remote.baseURL;
  const preset = presetForBaseURL(baseURL) ?? findPreset(saved.remote.presetId) ?? findPreset('custom')!;
  s.providerSettings.useForThisRun({
    ...DEFAULT_SETTINGS,
    ...saved,
    defaultProvider: 'remote',
    remote: { ...saved.remote, presetId: values['base-url'] ? (presetForBaseURL(baseURL)?.id ?? 'custom') : preset.id, baseURL, model: values.model ?? saved.remote.model },
  });
  return 'remote';
}

function waitDone(s: Services, id: string, io: GenerateIO, signal: AbortSignal): Promise<GenerationStatus> {
  return new Promise((resolve, reject) => {
    const check = (g: GenerationStatus) => {
      if (g.id !== id) return;
      if (g.progress !== null && isActive(g.state)) io.progress(g.progress, g.etaSeconds);
      if (isActive(g.state)) return;
      off();
      signal.removeEventListener('abort', onAbort);
      if (g.state === 'done') resolve(g);
      else reject(new AppError(g.state === 'cancelled' ? 'cancelled' : ((g.errorCode as AppError['code']) ?? 'internal'), g.state === 'cancelled' ? 'Cancelled' : (g.message ?? 'Generation failed')));
    };
    const onAbort = () => s.generation.cancel(id);
    signal.addEventListener('abort', onAbort, { once: true });
    const off = s.generation.onUpdate(check);
    check(s.generation.get(id));
  });
}

async function writeOut(out: string, project: Project): Promise<void> {
  if (/\.otio$/i.test(out)) await writeFileAtomic(out, exportOtioText(project));
  else await writeProjectFile(out, project);
}

export async function generateCommand(mode: 'extend' | 'fill', args: string[], io: GenerateIO, signal: AbortSignal, overrides?: ServiceOverrides): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  const [file, ...extra] = positionals;
  const usage = mode === 'extend' ? EXTEND_USAGE : FILL_USAGE;
  if (!file || extra.length || !values.output || (mode === 'extend' ? !values.clip || !values.seconds : !values.after)) throw new AppError('invalid_input', usage);
  const out = path.resolve(values.output);
  if (!/\.(segue|otio)$/i.test(out)) throw new AppError('invalid_input', 'OUT must end in .segue or .otio');
  if (path.resolve(file) === out) throw new AppError('invalid_input', 'Write the result to a new file: the input is never changed');
  if (fs.existsSync(out) && !values.force) throw new AppError('invalid_input', `${out} exists; pass --force to replace it`);

  const s = createServices({ host: { transport: 'web' }, ...(overrides ? { overrides } : {}) });
  try {
    const project = await s.projects.open(path.resolve(file));
    for (const w of s.projects.warnings) io.err(`warning: ${w}\n`);
    const provider = configureProvider(s, values);
    const rate = project.timeline.rate;
    const crossfadeFrames = mode === 'extend' ? secondsToFrames(number('crossfade', values.crossfade, 0.5, 0, 10), rate) : 0;
    const takes = Math.round(number('takes', values.takes, 1, 1, 4));
    const remote = provider === 'remote' ? remoteModel(s.providerSettings.get().remote.presetId, s.providerSettings.get().remote.model, s.providerSettings.get().remote.pricePerSecondUsd) : null;
    const size = values.size ? parseSize(values.size) : null;
    if (values.size && !size) throw new AppError('invalid_input', `--size is WIDTHxHEIGHT, not ${values.size}`);
    const [w, h] = (size ? `${size.width}x${size.height}` : remote ? pickSize(remote.model, project.settings.width, project.settings.height) : `${project.settings.width}x${project.settings.height}`).split('x').map(Number);

    let request: GenerationRequest;
    let place: (timeline: Timeline, landing: Parameters<typeof placeFill>[2]) => Placed;
    const common = { provider, model: s.providerSettings.get().remote.model, rate, width: w!, height: h!, takes, fit: project.settings.fit, sampleRate: project.settings.sampleRate, channels: project.settings.channels } as const;
    if (mode === 'extend') {
      const clipId = findClip(project.timeline, values.clip!);
      const p = sourcePoint(project.timeline, clipId, 'after');
      const frames = Math.max(1, secondsToFrames(number('seconds', values.seconds, 4, 0.04, 600), rate));
      request = { ...common, mode: 'extend', prompt: values.prompt ?? project.media.find((m) => m.id === p.mediaId)?.provenance?.prompt ?? `${p.clip.name}, the shot continues`, frames, handleFrames: crossfadeFrames, name: `${p.clip.name} ext`, source: { mediaId: p.mediaId, frame: p.frame } };
      place = (tl, l) => placeExtension(tl, clipId, l, 'after');
    } else {
      const clipId = findClip(project.timeline, values.after!);
      const loc = locateAll(project.timeline).get(clipId)!;
      const gap = gapTarget(project.timeline, loc.trackId, loc.piece.start + loc.piece.length);
      const a = sourcePoint(project.timeline, clipId, 'after');
      const b = gap.after?.piece.clip.mediaId ? sourcePoint(project.timeline, gap.after.piece.clip.id, 'before') : null;
      request = {
        ...common,
        mode: 'fill',
        prompt: values.prompt ?? `${a.clip.name}${b ? ` flows into ${b.clip.name}` : ''}`,
        frames: gap.end - gap.start,
        handleFrames: 0,
        name: `Bridge ${a.clip.name}${b ? `–${b.clip.name}` : ''}`,
        source: { mediaId: a.mediaId, frame: a.frame },
        ...(b ? { sourceB: { mediaId: b.mediaId, frame: b.frame } } : {}),
      };
      place = (tl, l) => placeFill(tl, gapTarget(tl, gap.trackId, gap.start), l);
    }
    // Generated media lives beside OUT; the placement is tried first so a refused edit spends nothing.
    s.generation.attach(project.id, projectDataDir(out, project.id, s.userDataDir));
    const est = s.generation.estimate(request);
    if (est.blocked) throw new AppError('invalid_input', est.blocked);
    io.err(`${est.providerLabel}: ${request.frames} frames${est.costUsd > 0 ? `, estimated $${est.costUsd.toFixed(2)}` : ''}\n`);
    const { status, media } = await s.generation.start(request);
    const done = await waitDone(s, status.id, io, signal);
    const landed = done.takes.flatMap((t) => (t.media ? [t.media] : []));
    const first = landed.find((m) => m.id === media[0]!.id) ?? landed[0]!;
    const placed = place(project.timeline, { generationId: status.id, media: first, frames: request.frames, handleFrames: done.request.handleFrames, crossfadeFrames });
    await writeOut(out, { ...project, media: [...project.media, ...landed], timeline: placed.timeline });
    const seam = done.takes[0]?.seam;
    io.out(`${out}: ${request.name} (${(request.frames / (rate.num / rate.den)).toFixed(2)} s) placed${seam ? `, seam ${seam.poor ? `POOR (${seam.reason ?? ''})` : 'ok'}` : ''}${done.costUsd > 0 ? `, $${done.costUsd.toFixed(2)}` : ''}\n`);
    return 0;
  } finally {
    s.generation.dispose();
  }
}
