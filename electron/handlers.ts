// The one handler table, served by Electron IPC (ipc.ts) and by the web host (webHost.ts).
// Handlers are thin: inputs arrive validated by dispatch(); the work is in services.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportProject } from './services/render/exportService';
import { presetById } from '../shared/render/presets';
import type { HandlerTable } from '../shared/ipc/dispatch';
import type { Media, Project } from '../shared/timeline/model';
import { AppError } from '../shared/ipc/result';
import type { Services } from './services';
import { listDir } from './services/fs/listDir';
import { findRelinkCandidates, missingMedia, relinkMedia } from './services/project/relink';
import { collectProject } from './services/project/collect';
import { writeTimeline } from './services/project/interchange';
import { exportReviewNotes, readReviewNotes } from './services/review/notesExport';
import { readShotListFile, writeShotListFile } from './services/previz/shotListFiles';
import { ffmpegVersion } from './services/ffmpeg/runner';

export interface CallContext {
  /** aborts when the caller goes away (socket closed, window destroyed) */
  signal?: AbortSignal;
}

export function createHandlers(s: Services): HandlerTable<CallContext> {
  let ffmpegVersionText: Promise<string> | null = null;
  /**
   * The media a render uses: the main process's own records, never paths the renderer
   * makes up. A generated take still on its way renders as offline; the preview also
   * leaves out media it does not know, an export refuses it.
   */
  const knownMedia = (project: Project, strict: boolean): Media[] => {
    const used = new Set(project.timeline.tracks.flatMap((t) => t.items.flatMap((i) => (i.kind === 'clip' && i.mediaId ? [i.mediaId] : []))));
    return project.media.filter((m) => used.has(m.id)).flatMap((m) => {
      try {
        return [s.projects.getMedia(m.id)];
      } catch (e) {
        if (strict && !s.generation?.isPendingTake(m.id)) throw e;
        return [];
      }
    });
  };
  /**
   * Review mode never reaches a provider: no generation starts, resumes or is estimated,
   * and no server is tested, so nothing leaves the machine.
   */
  const noGenerationInReview = () => {
    if (s.projects.review) throw new AppError('not_available', 'Generation is off while a project is open for review (read-only, offline).');
  };
  /** The video media of the project open for review (the main process's own records). */
  const reviewMedia = (): Media[] => (s.projects.review ? (s.projects.current?.media ?? []).flatMap((m) => {
    try {
      return [s.projects.getMedia(m.id)];
    } catch {
      return [];
    }
  }) : []);
  const providersView = () => ({ settings: s.providerSettings.get(), key: s.providerSettings.keySource() ?? ('none' as const), keyStore: s.host.secrets ? ('safeStorage' as const) : ('file' as const) });
  return {
    'app:info': async () => ({
      name: 'Segue',
      version: s.version,
      transport: s.host.transport,
      platform: process.platform,
      userDataDir: s.userDataDir,
      ffmpegVersion: await (ffmpegVersionText ??= ffmpegVersion()),
      homeDir: os.homedir(),
    }),

    'project:current': async () => {
      if (!s.projects.review) s.generation.sync();
      return s.projects.current;
    },

    'project:open': async ({ path, rate }) => {
      const project = await s.projects.open(path, rate ? { rate } : {});
      s.generation.sync(); // resumes the project's unfinished generations
      return project;
    },

    'project:recent': async () => s.projects.recent(),

    'project:warnings': async () => [...s.projects.warnings],

    'project:file': async () => s.projects.currentFile,

    'project:openReview': async ({ path: file }) => {
      // No generation.sync(): a review never resumes the project's generations (offline).
      // The renderer asks for the proxies next (proxies:build), as a job it can cancel.
      return s.projects.openReview(file);
    },

    'project:review': async () => ({ review: s.projects.review, file: s.projects.reviewFile }),

    'proxies:build': async () => {
      if (!s.projects.review) throw new AppError('invalid_input', 'Proxies are made for a project open for review (File › Open for Review).');
      const o = await s.proxies.ensure(reviewMedia(), { resume: true });
      return { total: o.total, ready: Object.keys(o.proxies).length, failed: o.failed, cancelled: o.cancelled };
    },

    'project:save': async ({ project, path: file }) => {
      if (file !== undefined && !path.isAbsolute(file)) throw new AppError('invalid_input', 'Save to an absolute path ending in .segue.');
      return s.projects.save(project, file);
    },

    'project:backups': async () => s.projects.backups(),

    'project:loadBackup': async ({ name }) => s.projects.loadBackup(name),

    'project:autosave': async ({ project }) => s.projects.autosave(project),

    'project:recovery': async () => s.projects.recovery(),

    'project:recover': async ({ take }) => {
      if (take) return s.projects.recover();
      s.projects.discardRecovery();
      return null;
    },

    'dialog:saveProject': async ({ name }) => {
      if (!s.host.saveProjectDialog) throw new AppError('not_available', 'No native dialog in browser mode');
      return s.host.saveProjectDialog(name);
    },

    'media:missing': async ({ project }) => {
      // The main process's own record where it has one: the renderer's path is only checked for existence.
      const known = (id: string) => {
        try {
          return s.projects.getMedia(id);
        } catch {
          return null;
        }
      };
      const media = project.media.map((m) => known(m.id) ?? m).filter((m) => !s.generation.isPendingTake(m.id));
      return missingMedia({ ...project, media });
    },

    'media:relinkCandidates': async ({ mediaIds, dir }, ctx) => {
      if (!path.isAbsolute(dir)) throw new AppError('invalid_input', 'Search an absolute folder.');
      const media = mediaIds.map((id) => s.projects.getMedia(id));
      return s.jobs.run('Searching for missing media', (job) => findRelinkCandidates(media, dir, { signal: job.signal }), ctx.signal);
    },

    'media:relink': async ({ mediaId, path: file }, ctx) => {
      if (!path.isAbsolute(file)) throw new AppError('invalid_input', 'Relink to an absolute path.');
      const relinked = await relinkMedia(s.projects.getMedia(mediaId), file, ctx.signal);
      s.projects.registerMedia(relinked);
      return relinked;
    },

    'timeline:export': async ({ project, path: out, overwrite }) => {
      if (!path.isAbsolute(out)) throw new AppError('invalid_input', 'Export to an absolute path.');
      if (path.extname(out).toLowerCase() === '.segue') throw new AppError('invalid_input', 'Use File › Save As for a .segue project.');
      if (fs.existsSync(out) && !overwrite) throw new AppError('invalid_input', `${out} exists; choose another name or allow replacing it.`);
      return { files: await writeTimeline(project, out) };
    },

    'review:exportNotes': async ({ project, path: out, overwrite }, ctx) => {
      // Thumbnails are read only from files the main process knows, never the renderer's paths.
      const media = (id: string) => {
        try {
          return s.projects.getMedia(id);
        } catch {
          return null;
        }
      };
      return s.jobs.run(`Exporting review notes ${path.basename(out)}`, (job) => exportReviewNotes(project, out, { overwrite, media, signal: job.signal, onProgress: (p) => job.report(p) }), ctx.signal);
    },

    'review:importNotes': async ({ path: file, rate }) => ({ notes: await readReviewNotes(file, rate) }),

    'previz:importShotList': async ({ path: file, rate }) => ({ shots: await readShotListFile(file, rate) }),
    'previz:exportShotList': async ({ project, path: out, overwrite }) => writeShotListFile(project, out, overwrite),

    'project:collect': async ({ project, dir, overwrite }, ctx) => {
      if (!path.isAbsolute(dir)) throw new AppError('invalid_input', 'Collect into an absolute folder.');
      // Only files the main process knows are copied, never paths the renderer makes up.
      const media = project.media.flatMap((m) => {
        try {
          return [s.projects.getMedia(m.id)];
        } catch {
          return [];
        }
      });
      return s.jobs.run(
        `Collecting ${project.name}`,
        (job) => collectProject({ ...project, media }, dir, { signal: job.signal, overwrite, onProgress: (p) => job.report(p.progress, p.etaSeconds), ...(s.projects.currentFile ? { sourceProjectFile: s.projects.currentFile } : {}) }),
        ctx.signal,
      );
    },

    'media:probe': async ({ path }, ctx) => s.media.probe(path, ctx.signal),

    'media:import': async ({ paths }, ctx) => {
      const run = async (report?: (p: number) => void) => {
        const imported: Media[] = [];
        const failed: { path: string; code: string; message: string }[] = [];
        for (const [i, p] of paths.entries()) {
          if (ctx.signal?.aborted) throw new AppError('cancelled', 'Import cancelled');
          try {
            const media = await s.media.createMedia(p);
            s.projects.registerMedia(media);
            imported.push(media);
          } catch (e) {
            if (e instanceof AppError) failed.push({ path: p, code: e.code, message: e.message });
            else failed.push({ path: p, code: 'internal', message: `Could not import ${p}` });
          }
          report?.((i + 1) / paths.length);
        }
        return { imported, failed };
      };
      // Probing is quick per file; only a batch is worth a job in the jobs panel.
      if (paths.length < 4) return run();
      const label = `Importing ${paths.length} files`;
      return s.jobs.run(label, (job) => run((p) => job.report(p)), ctx.signal);
    },

    'media:assets': async ({ mediaId }) => {
      const media = s.projects.getMedia(mediaId);
      const poster = await s.media.poster(media);
      // In review the monitor plays a clip from its proxy once it is made.
      const proxy = s.projects.review ? await s.proxies.existing(media) : null;
      return {
        mediaId,
        sourceAssetId: s.assets.register(proxy ?? media.path, proxy ? 'video/mp4' : undefined),
        posterAssetId: poster ? s.assets.register(poster, 'image/jpeg') : null,
      };
    },

    'media:peaks': async ({ mediaId, samplesPerPixel, offset, length }, ctx) => {
      const media = s.projects.getMedia(mediaId);
      return s.media.peaks(media, samplesPerPixel, { ...(offset !== undefined ? { offset } : {}), ...(length !== undefined ? { length } : {}) }, ctx.signal);
    },

    'media:filmstrip': async ({ mediaId }) => {
      const media = s.projects.getMedia(mediaId);
      const strip = await s.media.filmstrip(media);
      return {
        mediaId,
        assetId: s.assets.register(strip.path, 'image/jpeg'),
        count: strip.count,
        tileWidth: strip.tileWidth,
        tileHeight: strip.tileHeight,
        intervalSeconds: strip.intervalSeconds,
      };
    },

    'fs:list': async ({ dir }) => listDir(dir),

    'dialog:openMedia': async () => {
      if (!s.host.openMediaDialog) throw new AppError('not_available', 'No native dialog in browser mode');
      return s.host.openMediaDialog();
    },

    'dialog:openProject': async () => {
      if (!s.host.openProjectDialog) throw new AppError('not_available', 'No native dialog in browser mode');
      return s.host.openProjectDialog();
    },

    'job:cancel': async ({ jobId }) => ({ cancelled: s.jobs.cancel(jobId) }),

    'preview:render': async ({ project }, ctx) => {
      const media = knownMedia(project, false);
      // In review the preview reads proxies (built first, or reused; none built after a cancel); a file without one is read as it is.
      const proxies = s.projects.review ? (await s.proxies.ensure(media)).proxies : undefined;
      if (ctx.signal?.aborted) throw new AppError('cancelled', 'Cancelled');
      const r = await s.jobs.run('Rendering preview', (job) => s.preview.render({ ...project, media }, { signal: job.signal, onProgress: (p) => job.report(p), ...(proxies ? { proxies } : {}) }), ctx.signal);
      return { assetId: s.assets.register(r.file, 'video/mp4'), frames: r.frames, segments: r.segments, rendered: r.rendered, proxies: proxies ? Object.keys(proxies).length : 0 };
    },

    // Preview renders, and review proxies other than those of the project under review.
    'render:clearCache': async () => ({ freedBytes: s.preview.clear() + (await s.proxies.clear(reviewMedia())) }),

    'fs:exists': async ({ path: file }) => fs.existsSync(file),

    'render:export': async ({ project, path: out, preset, inFrame, outFrame, overwrite, aiLabel }) => {
      const media = knownMedia(project, true);
      if (!path.isAbsolute(out) || !/\.(mp4|mov)$/i.test(out)) throw new AppError('invalid_input', 'Export to an absolute path ending in .mp4 or .mov.');
      if ((inFrame === undefined) !== (outFrame === undefined)) throw new AppError('invalid_input', 'Give both an in and an out point, or neither.');
      if (fs.existsSync(out) && !overwrite) throw new AppError('invalid_input', `${out} exists; choose another name or allow overwriting.`);
      if (!presetById(preset)) throw new AppError('invalid_input', `Unknown preset ${preset}`);
      const rate = project.timeline.rate;
      const toSeconds = (f: number) => (f * rate.den) / rate.num;
      const job = s.jobs.start(`Export ${path.basename(out)}`, (j) =>
        exportProject({ ...project, media }, out, {
          preset,
          overwrite,
          aiLabel: aiLabel === true,
          signal: j.signal,
          onProgress: ({ progress, etaSeconds }) => j.report(progress, etaSeconds),
          ...(inFrame !== undefined && outFrame !== undefined ? { inSeconds: toSeconds(inFrame), outSeconds: toSeconds(outFrame) } : {}),
        }),
      );
      job.done.catch(() => undefined); // reported through job:progressed
      return { jobId: job.id };
    },

    'generation:estimate': async ({ request }) => {
      noGenerationInReview();
      return s.generation.estimate(request);
    },

    'generation:start': async ({ request }) => {
      noGenerationInReview();
      return s.generation.start(request);
    },

    'generation:list': async () => (s.projects.review ? [] : s.generation.list()),

    'generation:cancel': async ({ id }) => ({ cancelled: s.generation.cancel(id) }),

    'generation:retry': async ({ id }) => {
      noGenerationInReview();
      return s.generation.retry(id);
    },

    'providers:get': async () => providersView(),

    'providers:set': async ({ settings, apiKey }) => {
      await s.providerSettings.set(settings);
      if (apiKey !== undefined) s.providerSettings.setApiKey(apiKey);
      return providersView();
    },

    'providers:test': async (_input, ctx) => {
      noGenerationInReview();
      const r = s.providerSettings.get().remote;
      const provider = s.generation.remoteProvider(r.baseURL, r.model);
      const signal = ctx.signal ?? new AbortController().signal;
      const { models } = await provider.testConnection(AbortSignal.any([signal, AbortSignal.timeout(20_000)]));
      const listed = models.includes(r.model);
      return { models, message: listed || models.length === 0 ? `Connected to ${r.baseURL}.` : `Connected to ${r.baseURL}, but it does not list model ${r.model} (it lists ${models.slice(0, 5).join(', ')}).` };
    },
  };
}
