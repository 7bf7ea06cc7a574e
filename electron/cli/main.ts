// The `segue` command line: the same services as the app, for scripts and batch work.
// Every command prints a one-line error and exits 1 on failure; no stack traces.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { AppError } from '../../shared/ipc/result';
import { appVersion, createServices } from '../services';
import { startWebHost } from '../webHost';
import { ensureRendererBuilt } from '../services/rendererBuild';
import { PRESETS } from '../../shared/render/presets';
import { exportProject } from '../services/render/exportService';
import { terminalJob } from './terminal';
import { convertCommand } from './convert';
import { EXTEND_USAGE, FILL_USAGE, generateCommand } from './generate';
import { validateCommand } from './validate';
import { collectCommand } from './collect';
import { notesCommand } from './notes';
import { PREVIZ_USAGE, previzCommand } from './previz';

const HELP_TEXT = `Segue — a video timeline editor for cutting with AI-generated footage

Usage:
  segue probe FILE                      print media information as JSON
  segue validate PROJECT                check that a .segue project loads; print a summary
  segue render PROJECT_OR_OTIO -o OUT [--preset NAME] [--in SECONDS] [--out SECONDS] [--ai-label] [--force]
                                        export the timeline (presets: PRESET_LIST);
                                        with generated media in it, OUT.provenance.json
                                        says where; --ai-label also burns "AI-generated"
                                        into the picture there
  segue convert IN OUT [--force]       convert a timeline between .segue and .otio (by extension)
  segue collect PROJECT DIR [--force]   copy the project and every media file it uses into DIR
  segue notes PROJECT_OR_OTIO -o NOTES.csv|NOTES.md [--force]
                                        write the markers as review notes (CSV or Markdown)
                                        with a thumbnail per marker in NOTES_thumbs/
  segue extend PROJECT_OR_OTIO --clip NAME_OR_ID --seconds S -o OUT.segue|OUT.otio
        [--prompt TEXT] [--provider local|openai] [--base-url URL] [--model M]
        [--size WxH] [--crossfade SECONDS] [--takes N] [--force]
                                        generate a continuation right after a clip, ripple
                                        later clips and crossfade the sound across the seam
  segue fill-gap PROJECT_OR_OTIO --after NAME_OR_ID -o OUT [same options]
                                        bridge the gap after a clip, exactly its length
  segue previz SHOTLIST.csv|.tsv|.md -o PROJECT.segue [--references REFS.csv]
        [--generate] [--provider local|openai] [--base-url URL] [--model M]
        [--size WxH] [--fps N] [--takes N] [--budget USD] [--force]
                                        a shot list (shot, duration, prompt, camera, image,
                                        references, continue) as placeholders on a Previz
                                        track (default 1280x720, 24 fps); reference images
                                        are NAME.png/.jpg beside the list or in references/;
                                        --generate makes every shot, with a cost report
  segue web [PROJECT_OR_OTIO] [--review] [--port N] [--empty]
                                        run Segue in your browser (loopback only);
                                        with no file, opens the demo project
  segue --help                          this help
  segue --version                       the version

Environment:
  SEGUE_USER_DATA        where Segue keeps caches and the demo project
  OPENAI_API_KEY         the key for --provider openai (any /v1/videos server)
  FFMPEG_PATH, FFPROBE_PATH   use these ffmpeg/ffprobe binaries
`;

const HELP = HELP_TEXT.replace('PRESET_LIST', PRESETS.map((p) => p.id).join(', '));

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** One line, no stack: what a user should read. */
export function errorLine(e: unknown): string {
  if (e instanceof AppError) return e.message.split('\n')[0] ?? e.message;
  if (e instanceof Error && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    const code = (e as { code: string }).code;
    if (code.startsWith('ERR_PARSE_ARGS')) return e.message.split('\n')[0] ?? e.message;
  }
  return e instanceof Error ? (e.message.split('\n')[0] ?? 'unexpected error') : String(e);
}

async function probe(args: string[], io: CliIO): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new AppError('invalid_input', 'usage: segue probe FILE');
  const services = createServices({ host: { transport: 'web' } });
  const result = await services.media.probe(path.resolve(file));
  io.out(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

const seconds = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new AppError('invalid_input', `--${name} must be a number of seconds, not ${v}`);
  return n;
};

async function render(args: string[], io: CliIO, signal?: AbortSignal): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { output: { type: 'string', short: 'o' }, preset: { type: 'string' }, in: { type: 'string' }, out: { type: 'string' }, 'ai-label': { type: 'boolean' }, force: { type: 'boolean' } },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length || !values.output) throw new AppError('invalid_input', 'usage: segue render PROJECT_OR_OTIO -o OUT [--preset NAME] [--in SECONDS] [--out SECONDS] [--ai-label] [--force]');
  const services = createServices({ host: { transport: 'web' } });
  const project = await services.projects.open(path.resolve(file));
  for (const w of services.projects.warnings) io.err(`warning: ${w}\n`);
  const job = terminalJob(io.err, signal);
  try {
    const inSeconds = seconds('in', values.in);
    const outSeconds = seconds('out', values.out);
    const r = await exportProject(project, values.output, {
      ...(values.preset ? { preset: values.preset } : {}),
      ...(inSeconds !== undefined ? { inSeconds } : {}),
      ...(outSeconds !== undefined ? { outSeconds } : {}),
      overwrite: values.force === true,
      aiLabel: values['ai-label'] === true,
      signal: job.signal,
      onProgress: ({ progress, etaSeconds }) => job.progress(progress, etaSeconds),
    });
    job.done();
    io.out(`${r.file} (${r.durationSeconds.toFixed(2)} s, ${r.frames} frames)\n`);
    if (r.manifest) io.out(`${r.manifest} (where the generated media is)\n`);
    return 0;
  } finally {
    job.done();
  }
}

async function generate(mode: 'extend' | 'fill', args: string[], io: CliIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${mode === 'extend' ? EXTEND_USAGE : FILL_USAGE}\n`);
    return 0;
  }
  const job = terminalJob(io.err);
  try {
    return await generateCommand(mode, args, { out: io.out, err: io.err, progress: (p, eta) => job.progress(p, eta) }, job.signal);
  } finally {
    job.done();
  }
}

async function previz(args: string[], io: CliIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${PREVIZ_USAGE}\n`);
    return 0;
  }
  const job = terminalJob(io.err);
  try {
    return await previzCommand(args, { out: io.out, err: io.err, progress: (p, eta) => job.progress(p, eta) }, job.signal);
  } finally {
    job.done();
  }
}

async function web(args: string[], io: CliIO): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { port: { type: 'string' }, empty: { type: 'boolean' }, review: { type: 'boolean' } },
  });
  if (positionals.length > 1) throw new AppError('invalid_input', 'usage: segue web [PROJECT_OR_OTIO] [--review] [--port N]');
  if (values.review && !positionals[0]) throw new AppError('invalid_input', '--review needs the project to review: segue web PROJECT.segue --review');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('invalid_input', `--port must be a number from 0 to 65535, not ${values.port}`);
  const services = createServices({ host: { transport: 'web' } });
  const file = positionals[0];
  // --review: read-only, on proxies, nothing written beside the project (File › Open for Review).
  if (file) await (values.review ? services.projects.openReview(path.resolve(file)) : services.projects.open(path.resolve(file)));
  else if (!values.empty) {
    io.err('Preparing the demo project…\n');
    await services.projects.openDemo();
  }
  for (const w of services.projects.warnings) io.err(`warning: ${w}\n`);
  const staticDir = await ensureRendererBuilt((l) => io.err(`${l}\n`));
  const host = await startWebHost(services, { port, staticDir, log: (l) => io.err(`${l}\n`) });
  io.out(`Segue is running at ${host.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  return 0;
}

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(HELP);
        return 0;
      case '-v':
      case '--version':
        io.out(`segue ${appVersion()}\n`);
        return 0;
      case 'probe':
        return await probe(rest, io);
      case 'validate':
        return await validateCommand(rest, io);
      case 'web':
        return await web(rest, io);
      case 'render':
        return await render(rest, io);
      case 'convert':
        return await convertCommand(rest, io);
      case 'collect':
        return await collectCommand(rest, io);
      case 'notes':
        return await notesCommand(rest, io);
      case 'previz':
        return await previz(rest, io);
      case 'extend':
      case 'fill-gap':
        return await generate(command === 'extend' ? 'extend' : 'fill', rest, io);
      default:
        io.err(`segue: unknown command "${command}". Try segue --help\n`);
        return 1;
    }
  } catch (e) {
    io.err(`segue: ${errorLine(e)}\n`);
    if (process.env.SEGUE_DEBUG) io.err(`${(e as Error)?.stack ?? ''}\n`);
    return 1;
  }
}
