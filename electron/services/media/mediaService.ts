// Media in the main process: probing, registration, and the derived data the timeline
// draws (waveform peaks, filmstrips, posters), all cached on disk by file identity.
import path from 'node:path';
import type { Peaks } from '../../../shared/ipc/contract';
import type { Media, ProbeResult } from '../../../shared/timeline/model';
import { newId } from '../../../shared/ids';
import type { JobManager } from '../jobs';
import { mediaKind, probeFile } from './probe';
import { PeaksService } from './peaks';
import { ThumbnailService, type FilmstripFile } from './filmstrip';

export class MediaService {
  readonly peaksService: PeaksService;
  private readonly thumbs: ThumbnailService;

  constructor(opts: { cacheDir: string; jobs?: JobManager }) {
    this.peaksService = new PeaksService({ cacheDir: opts.cacheDir, ...(opts.jobs ? { jobs: opts.jobs } : {}) });
    this.thumbs = new ThumbnailService({ cacheDir: opts.cacheDir, ...(opts.jobs ? { jobs: opts.jobs } : {}) });
  }

  probe(file: string, signal?: AbortSignal): Promise<ProbeResult> {
    return probeFile(file, signal);
  }

  async createMedia(file: string): Promise<Media> {
    const abs = path.resolve(file);
    const probe = await probeFile(abs);
    return { id: newId('m'), name: path.basename(abs), path: abs, kind: mediaKind(probe), origin: 'file', probe };
  }

  peaks(media: Media, level: number, window: { offset?: number; length?: number } = {}, signal?: AbortSignal): Promise<Peaks> {
    return this.peaksService.get(media, level, window, signal);
  }

  filmstrip(media: Media): Promise<FilmstripFile> {
    return this.thumbs.filmstrip(media);
  }

  poster(media: Media): Promise<string | null> {
    return this.thumbs.poster(media);
  }
}
