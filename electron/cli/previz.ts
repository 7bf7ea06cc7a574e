// `segue previz SHOTLIST -o PROJECT.segue`: a shot list (CSV, TSV or a Markdown table)
// becomes a project whose Previz track holds a placeholder per shot, with the reference
// images it names in the library; with --generate every shot is generated (offline
// drafts, or a /v1/videos provider), continuity shots after the shot they continue.
//
// Reference images: a shot's image column is a path relative to the shot list (or
// absolute). A name in its references column is looked up in --references (a table with
// name, kind, image, description; images relative to that file), else as an image file
// named after the reference (NAME.png, .jpg, .jpeg or .webp, any case) beside the shot
// list or in a references/ folder beside it.
//
// Bad input exits 1 with one line and writes nothing. After generating, OUT is written
// (atomically) with every shot that landed, generated media in OUT's data folder; exit 1
// when any shot failed, with a report naming each.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/ipc/result';
import { DEFAULT_SETTINGS as DEFAULT_PROVIDER_SETTINGS } from '../../shared/generation/providerSettings';
import { findPreset, parseSize, pickSize, presetForBaseURL } from '../../shared/generation/remotePresets';
import { parseReferenceList, parseShotList, type ParsedReference, type ParsedShot } from '../../shared/previz/shotlist';
import { addReference, addShots, layOutShots, previzOf } from '../../shared/previz/edit';
import { createProject } from '../../shared/timeline/factory';
import { parseRateFraction, type Rate } from '../../shared/timeline/time';
import type { Media, Project } from '../../shared/timeline/model';
import { createServices, type ServiceOverrides, type Services } from '../services';
import { projectDataDir } from '../services/generation/generationService';
import { remoteModel } from '../services/generation/remoteModel';
import { writeProjectFile } from '../services/project/projectFile';
import { estimatePreviz, runPreviz, type ShotOutcome } from '../services/previz/runner';
import type { GenerateIO } from './generate';

export const PREVIZ_USAGE =
  'usage: segue previz SHOTLIST.csv|.tsv|.md -o PROJECT.segue [--references REFS.csv] [--generate] [--provider local|openai] [--base-url URL] [--model M] [--size WxH] [--fps N] [--takes N] [--budget USD] [--force]';

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  references: { type: 'string' },
  generate: { type: 'boolean' },
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  size: { type: 'string' },
  fps: { type: 'string' },
  takes: { type: 'string' },
  budget: { type: 'string' },
  force: { type: 'boolean' },
} as const;

const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp'];
const MAX_TABLE_BYTES = 16 * 1024 * 1024;

const bad = (message: string): never => {
  throw new AppError('invalid_input', message);
};

async function readTable(file: string): Promise<string> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    return bad(`No such file: ${file}`);
  }
  if (!stat.isFile()) bad(`${file} is not a file`);
  if (stat.size > MAX_TABLE_BYTES) bad(`${path.basename(file)} is larger than ${MAX_TABLE_BYTES / 1024 / 1024} MB; is it a shot list?`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await fs.promises.readFile(file));
  } catch {
    return bad(`${path.basename(file)} is not UTF-8 text`);
  }
}

/** An image file named after a reference beside the shot list or in references/ (any case). */
export function findReferenceImage(dir: string, name: string): string | undefined {
  if (/[/\\]/.test(name) || name === '.' || name === '..') return undefined;
  for (const folder of [dir, path.join(dir, 'references')]) {
    let entries: string[];
    try {
      entries = fs.readdirSync(folder);
    } catch {
      continue;
    }
    const want = name.toLowerCase();
    const exact = IMAGE_EXTENSIONS.map((ext) => `${name}${ext}`).find((f) => entries.includes(f));
    const found = exact ?? entries.find((f) => IMAGE_EXTENSIONS.includes(path.extname(f).toLowerCase()) && f.slice(0, -path.extname(f).length).toLowerCase() === want);
    if (found && fs.statSync(path.join(folder, found)).isFile()) return path.join(folder, found);
  }
  return undefined;
}

function parseRate(v: string | undefined): Rate {
  if (v === undefined) return { num: 24, den: 1 };
  const r = /^\s*[\d.]+(\/\d+)?\s*$/.test(v) ? parseRateFraction(v) : null;
  if (!r || r.num / r.den < 1 || r.num / r.den > 240) bad(`--fps is frames per second from 1 to 240 (such as 24, 23.976 or 30000/1001), not ${v}`);
  return r!;
}

function parseNumber(name: string, v: string | undefined, fallback: number, min: number, max: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) bad(`--${name} must be a number from ${min} to ${max}, not ${v}`);
  return n;
}

function configureProvider(s: Services, values: { provider?: string | undefined; 'base-url'?: string | undefined; model?: string | undefined }, budgetUsd: number | null): 'local' | 'remote' {
  const provider = values.provider ?? 'local';
  if (provider !== 'local' && provider !== 'openai') bad(`--provider is local or openai, not ${provider}`);
  const saved = s.providerSettings.get();
  const baseURL = values['base-url'] ?? saved.remote.baseURL;
  const preset = presetForBaseURL(baseURL) ?? findPreset(saved.remote.presetId) ?? findPreset('custom')!;
  s.providerSettings.useForThisRun({
    ...DEFAULT_PROVIDER_SETTINGS,
    ...saved,
    defaultProvider: provider === 'local' ? 'local' : 'remote',
    remote: { ...saved.remote, presetId: values['base-url'] ? (presetForBaseURL(baseURL)?.id ?? 'custom') : preset.id, baseURL, model: values.model ?? saved.remote.model },
    budgetUsd: budgetUsd ?? saved.budgetUsd,
  });
  return provider === 'local' ? 'local' : 'remote';
}

const money = (usd: number) => `$${usd.toFixed(2)}`;
const seconds = (frames: number, rate: Rate) => ((frames * rate.den) / rate.num).toFixed(1);

async function importImage(s: Services, file: string, what: string, cache: Map<string, Media>): Promise<Media> {
  const hit = cache.get(file);
  if (hit) return hit;
  if (!fs.existsSync(file)) bad(`${what}: ${file} not found`);
  let m: Media;
  try {
    m = await s.media.createMedia(file);
  } catch (e) {
    return bad(`${what}: ${file} could not be read (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  if (m.kind === 'audio') bad(`${what}: ${file} has no picture`);
  cache.set(file, m);
  return m;
}

/** The project a shot list describes, before any generation: shots laid out, library filled. */
async function buildProject(s: Services, list: string, shots: ParsedShot[], refs: { file: string; list: ParsedReference[] } | null, o: { name: string; width: number; height: number; rate: Rate }): Promise<Project> {
  const dir = path.dirname(list);
  const cache = new Map<string, Media>();
  const media: Media[] = [];
  const add = (m: Media) => {
    if (!media.includes(m)) media.push(m);
    return m;
  };
  // The library: the reference list's rows, then each name the shots use that it lacks.
  const library: { ref: Omit<ParsedReference, 'image'>; media: Media }[] = [];
  for (const r of refs?.list ?? []) {
    const file = path.resolve(path.dirname(refs!.file), r.image);
    library.push({ ref: r, media: add(await importImage(s, file, `reference "${r.name}"`, cache)) });
  }
  const known = (name: string) => library.some((x) => x.ref.name.toLowerCase() === name.toLowerCase());
  for (const sh of shots) {
    for (const name of sh.references) {
      if (known(name)) continue;
      const file = findReferenceImage(dir, name) ?? bad(`reference "${name}" (shot "${sh.name}") has no image: put ${name}.png or .jpg beside ${path.basename(list)} or in references/, or list it with --references`);
      library.push({ ref: { name, kind: 'character', description: '' }, media: add(await importImage(s, file, `reference "${name}"`, cache)) });
    }
  }
  const images = new Map<string, string>();
  for (const sh of shots) {
    if (!sh.image || images.has(sh.image)) continue;
    images.set(sh.image, add(await importImage(s, path.resolve(dir, sh.image), `the image of shot "${sh.name}"`, cache)).id);
  }
  let project: Project = { ...createProject(o.name, { width: o.width, height: o.height, rate: o.rate, sampleRate: 48000, channels: 2, fit: 'fit' }, { video: 1, audio: 1 }), media };
  for (const { ref, media: m } of library) project = addReference(project, { name: ref.name, kind: ref.kind, mediaId: m.id, description: ref.description }).project;
  const ids = new Map(previzOf(project).references.map((r) => [r.name.toLowerCase(), r.id]));
  project = addShots(project, shots, { imageMediaId: (p) => images.get(p), referenceId: (n) => ids.get(n.toLowerCase()) });
  return layOutShots(project);
}

function report(outcomes: ShotOutcome[]): string[] {
  return outcomes.filter((x) => x.state !== 'done').map((x) => `  ${x.state === 'cancelled' ? 'cancelled' : 'failed'}: ${x.name}${x.error ? ` — ${x.error}` : ''}`);
}

export async function previzCommand(args: string[], io: GenerateIO, signal: AbortSignal, overrides?: ServiceOverrides): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  const [file, ...extra] = positionals;
  if (!file || extra.length || !values.output) return bad(PREVIZ_USAGE);
  const list = path.resolve(file);
  const out = path.resolve(values.output);
  if (!/\.segue$/i.test(out)) bad('OUT must end in .segue');
  if (list === out) bad('Write the project to a new file: the shot list is never changed');
  if (fs.existsSync(out) && !values.force) bad(`${out} exists; pass --force to replace it`);
  const rate = parseRate(values.fps);
  const takes = Math.round(parseNumber('takes', values.takes, 1, 1, 4));
  const budget = values.budget === undefined ? null : parseNumber('budget', values.budget, 0, 0, 1_000_000);
  const size = values.size ? parseSize(values.size) : null;
  if (values.size && (!size || size.width % 2 || size.height % 2 || size.width < 16 || size.height < 16 || size.width > 8192 || size.height > 8192)) {
    bad(`--size is WIDTHxHEIGHT with even sides from 16 to 8192, not ${values.size}`);
  }
  if (values.provider !== undefined && !values.generate) bad('--provider chooses who generates: add --generate');

  const text = await readTable(list);
  let parsed: ParsedShot[];
  try {
    parsed = parseShotList(path.basename(list), text, rate);
  } catch (e) {
    return bad(`${path.basename(list)}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (parsed.length === 0) bad(`${path.basename(list)} has a header row but no shots`);
  let refs: { file: string; list: ParsedReference[] } | null = null;
  if (values.references) {
    const refFile = path.resolve(values.references);
    try {
      refs = { file: refFile, list: parseReferenceList(path.basename(refFile), await readTable(refFile)) };
    } catch (e) {
      return bad(`${path.basename(refFile)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  const s = createServices({ host: { transport: 'web' }, ...(overrides ? { overrides } : {}) });
  try {
    const provider = values.generate ? configureProvider(s, values, budget) : 'local';
    const remote = provider === 'remote' ? s.providerSettings.get().remote : null;
    const [width, height] = size ? [size.width, size.height] : remote ? pickSize(remoteModel(remote.presetId, remote.model, remote.pricePerSecondUsd, remote.capabilities).model, 1280, 720).split('x').map(Number) : [1280, 720];
    let project = await buildProject(s, list, parsed, refs, { name: path.basename(out, path.extname(out)), width: width!, height: height!, rate });
    const total = previzOf(project).shots.reduce((sum, x) => sum + x.frames, 0);
    const summary = `${previzOf(project).shots.length} shots (${seconds(total, rate)} s) on the Previz track, ${previzOf(project).references.length} reference${previzOf(project).references.length === 1 ? '' : 's'}`;
    if (!values.generate) {
      await writeProjectFile(out, project);
      io.out(`${out}: ${summary}\n`);
      return 0;
    }

    // Generate: media and the job journal live in OUT's data folder, as for `segue extend`.
    s.projects.setCurrent(project, out);
    s.generation.attach(project.id, projectDataDir(out, project.id, s.userDataDir));
    const options = { provider, model: remote?.model ?? '', takes } as const;
    const est = estimatePreviz({ generation: s.generation, projects: s.projects }, project, options);
    if (est.blocked) bad(est.blocked);
    if (budget !== null && est.costUsd > budget + 1e-9) bad(`generating every shot is estimated at ${money(est.costUsd)}, above --budget ${money(budget)}`);
    const label = provider === 'local' ? 'Local draft (ffmpeg)' : `${remote!.model} at ${remote!.baseURL}`;
    io.err(`${label}: ${previzOf(project).shots.length} shots, ${seconds(total, rate)} s${provider === 'remote' ? `, estimated ${money(est.costUsd)}` : ''}\n`);
    const result = await runPreviz({ generation: s.generation, projects: s.projects }, project, { ...options, signal, onProgress: (p) => io.progress(p.progress, p.etaSeconds) });
    project = result.project;
    await writeProjectFile(out, project);
    const done = result.outcomes.filter((x) => x.state === 'done').length;
    const failed = result.outcomes.length - done;
    io.out(`${out}: ${summary}\n`);
    io.out(`generated ${done} of ${result.outcomes.length} shots${failed ? `, ${failed} ${result.cancelled ? 'not generated (cancelled)' : 'failed'}` : ''} · cost ${money(result.costUsd)}\n`);
    for (const line of report(result.outcomes)) io.out(`${line}\n`);
    return failed ? 1 : 0;
  } finally {
    s.generation.dispose();
  }
}
