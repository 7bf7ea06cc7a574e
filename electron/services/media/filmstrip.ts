// Thumbnail filmstrips (one JPEG sprite per video, made by one ffmpeg run) and poster
// frames, cached by file identity.
import fs from 'node:fs';
import path from 'node:path';
import type { Media } from '../../../shared/timeline/model';
import { AppError } from '../../../shared/ipc/result';
import { filmstripArgs, planFilmstrip, posterArgs, type FilmstripPlan } from '../ffmpeg/args';
import { runFfmpeg } from '../ffmpeg/runner';
import { DerivedCache, fileIdentity, identityKey } from './cache';
import type { JobManager } from '../jobs';

export interface FilmstripFile extends Omit<FilmstripPlan, 'keyframesOnly'> {
  path: string;
}

type MediaLike = Pick<Media, 'path' | 'probe' | 'kind'>;

export class ThumbnailService {
  private readonly cache: DerivedCache;
  private readonly jobs: JobManager | undefined;
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(opts: { cacheDir: string; jobs?: JobManager }) {
    this.cache = new DerivedCache(opts.cacheDir);
    this.jobs = opts.jobs;
  }

  private async key(media: MediaLike): Promise<string> {
    try {
      return identityKey(await fileIdentity(media.path));
    } catch {
      throw new AppError('not_found', `Media file is missing: ${media.path}`);
    }
  }

  /**
   * Makes `file` with ffmpeg once; concurrent callers share the run. With a JobManager the
   * run is a job, so a long video's filmstrip shows in the job list and can be cancelled.
   */
  private once(file: string, label: string, args: (out: string) => string[]): Promise<string> {
    const running = this.inFlight.get(file);
    if (running) return running;
    const work = (async () => {
      if (await this.cache.exists(file)) return file;
      const tmp = await this.cache.tempFor(file);
      try {
        if (this.jobs) await this.jobs.run(label, (job) => runFfmpeg(args(tmp), { signal: job.signal }));
        else await runFfmpeg(args(tmp));
        if (!(await this.cache.exists(tmp))) throw new AppError('corrupt_media', `ffmpeg made no picture from this file`);
        await this.cache.commit(tmp, file);
      } catch (e) {
        await fs.promises.rm(tmp, { force: true });
        throw e;
      }
      return file;
    })().finally(() => this.inFlight.delete(file));
    this.inFlight.set(file, work);
    return work;
  }

  async filmstrip(media: MediaLike): Promise<FilmstripFile> {
    const v = media.probe.streams.find((s) => s.type === 'video');
    if (!v) throw new AppError('not_available', 'Audio has no thumbnails');
    const plan = planFilmstrip(media.probe.durationSeconds, v.width ?? 0, v.height ?? 0, media.kind === 'image');
    const key = await this.key(media);
    const file = this.cache.pathFor('filmstrip', `${key}-${plan.count}x${plan.tileHeight}`, 'jpg');
    await this.once(file, `Thumbnails: ${path.basename(media.path)}`, (out) => filmstripArgs(media.path, plan, out));
    return { path: file, count: plan.count, intervalSeconds: plan.intervalSeconds, tileWidth: plan.tileWidth, tileHeight: plan.tileHeight };
  }

  async poster(media: MediaLike): Promise<string | null> {
    if (!media.probe.streams.some((s) => s.type === 'video')) return null;
    const d = media.probe.durationSeconds;
    // A frame a little way in says more than a fade from black; stills have only one.
    const at = media.kind === 'image' || d < 1 ? 0 : Math.min(d * 0.1, 10);
    const key = await this.key(media);
    const file = this.cache.pathFor('poster', key, 'jpg');
    return this.once(file, `Poster: ${path.basename(media.path)}`, (out) => posterArgs(media.path, at, out));
  }
}
