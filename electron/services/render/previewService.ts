// Timeline preview for the monitor: low-resolution video rendered in segments that are
// cached on disk by content (an edit re-renders only the segments it touches), one audio
// pass for the whole timeline (Opus, which this ffmpeg writes into MP4 only as
// experimental: -strict -2; crossfades span segment joins, so sound is never
// baked into segments), joined with the concat demuxer and stream copy into one MP4.
// The cache has a size cap; the oldest files go first.
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { Project } from '../../../shared/timeline/model';
import { AppError } from '../../../shared/ipc/result';
import { planRender, type ProxyMap, type RenderSettings } from '../../../shared/render/plan';
import { buildFilterGraph } from '../../../shared/render/graph';
import { concatList, joinArgs, pictureArgs, soundArgs } from '../../../shared/render/presets';
import { audioContent, previewPieces, previewSettings } from '../../../shared/render/segments';
import { runFfmpeg } from '../ffmpeg/runner';

const PREVIEW_VIDEO = ['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '26', '-pix_fmt', 'yuv420p'];
const PREVIEW_AUDIO = ['-c:a', 'libopus', '-b:a', '128k', '-strict', '-2'];

export interface PreviewResult {
  file: string;
  segments: number;
  rendered: number;
  frames: number;
}

/** Runs ffmpeg into a temporary name beside `file` and renames it only when ffmpeg succeeded. */
async function ffmpegInto(file: string, args: (temp: string) => string[], signal?: AbortSignal): Promise<void> {
  const temp = `${file}.${randomBytes(4).toString('hex')}.partial`;
  try {
    await runFfmpeg(args(temp), signal ? { signal } : {});
    fs.renameSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

const hash = (v: unknown) => createHash('sha1').update(JSON.stringify(v)).digest('hex').slice(0, 20);

export class PreviewService {
  readonly dir: string;
  constructor(cacheDir: string, private readonly capBytes = 2 * 1024 ** 3) {
    this.dir = path.join(cacheDir, 'preview');
  }


  /** `proxies`: read these media from their review proxies (a project open for review). */
  async render(project: Project, options: { signal?: AbortSignal; onProgress?: (p: number) => void; proxies?: ProxyMap } = {}): Promise<PreviewResult> {
    fs.mkdirSync(this.dir, { recursive: true });
    const settings = previewSettings(project);
    const rate = project.timeline.rate;
    const proxies = options.proxies;
    const segs = previewPieces(project, proxies);
    if (segs.length === 0) throw new AppError('invalid_input', 'Nothing to preview: the timeline is empty.');
    const files = segs.map((s) => path.join(this.dir, `v-${hash(s.content)}.mp4`));
    const audioFile = path.join(this.dir, `a-${hash(audioContent(project, settings, proxies))}.mp4`);
    const todo = segs.map(({ start, frames }, i) => ({ s: { start, frames }, file: files[i]! })).filter((x) => !fs.existsSync(x.file));
    const totalWork = todo.reduce((n, x) => n + x.s.frames, 0) + (fs.existsSync(audioFile) ? 0 : 1);
    let done = 0;
    const progress = () => options.onProgress?.(totalWork ? Math.min(0.99, done / totalWork) : 0.99);
    for (const { s, file } of todo) {
      await this.renderVideo(project, s, settings, file, options.signal, proxies);
      done += s.frames;
      progress();
    }
    if (!fs.existsSync(audioFile)) await this.renderAudio(project, settings, audioFile, options.signal, proxies);
    // Join: video segments by stream copy, the audio pass beside them.
    const frames = segs.reduce((n, s) => n + s.frames, 0);
    const out = path.join(this.dir, `p-${hash([files, audioFile])}.mp4`);
    if (!fs.existsSync(out)) {
      const list = path.join(this.dir, `.list-${randomBytes(4).toString('hex')}.txt`);
      fs.writeFileSync(list, concatList(files));
      try {
        await ffmpegInto(out, (temp) => joinArgs(list, audioFile, (frames * rate.den) / rate.num, 'mp4', temp, ['-strict', '-2']), options.signal);
      } finally {
        fs.rmSync(list, { force: true });
      }
    }
    const now = new Date();
    for (const f of [...files, audioFile, out]) fs.utimesSync(f, now, now); // in use: the newest
    this.evict(new Set([...files, audioFile, out]));
    options.onProgress?.(1);
    return { file: out, segments: segs.length, rendered: todo.length, frames };
  }

  private renderVideo(project: Project, seg: { start: number; frames: number }, settings: Partial<RenderSettings>, file: string, signal?: AbortSignal, proxies?: ProxyMap): Promise<void> {
    const plan = planRender(project, { settings, range: seg, ...(proxies ? { proxies } : {}) });
    return ffmpegInto(file, (temp) => pictureArgs(plan, buildFilterGraph(plan, { audio: false }), PREVIEW_VIDEO, 'mp4', temp), signal);
  }

  private renderAudio(project: Project, settings: Partial<RenderSettings>, file: string, signal?: AbortSignal, proxies?: ProxyMap): Promise<void> {
    const plan = planRender(project, { settings, ...(proxies ? { proxies } : {}) });
    return ffmpegInto(file, (temp) => soundArgs(plan, buildFilterGraph(plan, { video: false }), PREVIEW_AUDIO, 'mp4', temp), signal);
  }

  /** Keeps the cache under its cap, oldest first, never the files in use. */
  evict(keep: ReadonlySet<string>): void {
    const entries = fs
      .readdirSync(this.dir)
      .map((n) => path.join(this.dir, n))
      .flatMap((f) => {
        try {
          const st = fs.statSync(f);
          return st.isFile() ? [{ f, size: st.size, mtime: st.mtimeMs }] : [];
        } catch {
          return [];
        }
      })
      .sort((a, b) => a.mtime - b.mtime);
    let total = entries.reduce((n, e) => n + e.size, 0);
    for (const e of entries) {
      if (total <= this.capBytes) break;
      if (keep.has(e.f)) continue;
      fs.rmSync(e.f, { force: true });
      total -= e.size;
    }
  }

  /** Empties the cache; returns the bytes freed. */
  clear(): number {
    if (!fs.existsSync(this.dir)) return 0;
    let freed = 0;
    for (const n of fs.readdirSync(this.dir)) {
      const f = path.join(this.dir, n);
      try {
        freed += fs.statSync(f).size;
        fs.rmSync(f, { force: true });
      } catch {
        // gone already
      }
    }
    return freed;
  }
}
