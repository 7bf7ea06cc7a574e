// The demo project a newcomer sees on first start: four short shots with distinct
// pictures and sound, generated once with ffmpeg into the user data folder.
import fs from 'node:fs';
import path from 'node:path';
import type { Media, Project } from '../../../shared/timeline/model';
import { createProject } from '../../../shared/timeline/factory';
import { appendMedia } from '../../../shared/timeline/edit/append';
import { rt } from '../../../shared/timeline/time';
import { newId } from '../../../shared/ids';
import { runFfmpeg } from '../ffmpeg/runner';
import { AppError } from '../../../shared/ipc/result';

export interface DemoShot {
  file: string;
  seconds: number;
  /** lavfi video graph producing 1280x720 at 30 fps */
  video: string;
  /** lavfi audio expression source */
  audio: string;
}

const W = 1280;
const H = 720;
const FPS = 30;

export const DEMO_SHOTS: DemoShot[] = [
  {
    file: 'shot01_dawn.mp4',
    seconds: 4,
    video: `smptehdbars=s=${W}x${H}:r=${FPS},hue=H=t*0.6:s=0.8`,
    // a soft chord that swells in and out
    audio: 'aevalsrc=0.25*(sin(2*PI*220*t)+0.6*sin(2*PI*277.2*t)+0.4*sin(2*PI*329.6*t))*sin(PI*t/4)',
  },
  {
    file: 'shot02_city.mp4',
    seconds: 3,
    video: `testsrc2=s=${W}x${H}:r=${FPS}`,
    // pulses at two beats per second
    audio: 'aevalsrc=0.5*sin(2*PI*440*t)*(0.5+0.5*sin(2*PI*2*t))',
  },
  {
    file: 'shot03_deep.mp4',
    seconds: 4,
    video: `mandelbrot=s=480x270:r=${FPS}:end_scale=0.05:end_pts=40,scale=${W}:${H}`,
    // a falling tone over noise, like wind
    audio: 'aevalsrc=0.35*sin(2*PI*(660-80*t)*t)+0.08*(random(0)-0.5)',
  },
  {
    file: 'shot04_night.mp4',
    seconds: 3,
    video: `life=s=320x180:r=${FPS}:mold=10:ratio=0.4:life_color=0x4c8dff:death_color=0x101018,scale=${W}:${H}:flags=neighbor`,
    // two notes alternating each half second
    audio: 'aevalsrc=0.4*sin(2*PI*(if(lt(mod(t\\,1)\\,0.5)\\,523.25\\,392))*t)*exp(-3*mod(t\\,0.5))',
  },
];

/** One shot: H.264 yuv420p + AAC 48 kHz stereo, exactly `seconds` long. */
export function demoShotArgs(shot: DemoShot, out: string): string[] {
  return [
    '-f', 'lavfi', '-i', shot.video,
    '-f', 'lavfi', '-i', `${shot.audio}:s=48000:c=stereo`,
    '-t', String(shot.seconds),
    '-map', '0:v', '-map', '1:a',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-r', String(FPS),
    '-c:a', 'aac', '-b:a', '160k', '-ar', '48000', '-ac', '2',
    '-movflags', '+faststart',
    out,
  ];
}

export interface DemoDeps {
  createMedia(file: string): Promise<Media>;
  signal?: AbortSignal;
  onProgress?: (p: number) => void;
}

const TMP_SUFFIX = '.tmp.mp4';

/** Where a shot is written before the rename; a leading dot keeps it out of file pickers. */
export const demoTempName = (shot: DemoShot, pid: number): string => `.${shot.file}.${pid}${TMP_SUFFIX}`;

/** The process a temporary shot belongs to, from its name; null for other files. */
export const demoTempOwner = (name: string): number | null => {
  const m = /^\..+\.(\d+)\.tmp\.mp4$/.exec(name);
  return m ? Number(m[1]) : null;
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

// One generation per folder at a time in this process: two callers (two windows, a
// double click) would otherwise write the same temporary file and race on the rename.
const generating = new Map<string, Promise<string[]>>();

const cancelled = () => new AppError('cancelled', 'Cancelled');

/** Resolves when `work` settles, rejects as soon as `signal` aborts. */
function waitUnlessAborted(work: Promise<unknown>, signal: AbortSignal | undefined): Promise<void> {
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  if (!signal) return settled;
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    void settled.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

export async function ensureDemoShots(userDataDir: string, deps: Pick<DemoDeps, 'signal' | 'onProgress'> = {}): Promise<string[]> {
  const dir = path.resolve(userDataDir, 'demo');
  const before = generating.get(dir) ?? Promise.resolve([]);
  // A later caller waits for the run before it, then finds its shots and reuses them. It
  // may give up while waiting; once its own run has started, the runner honours the
  // signal and the temporary file is gone by the time the run rejects.
  const mine = before
    .catch(() => [])
    .then(() => {
      if (deps.signal?.aborted) throw cancelled();
      return generateShots(dir, deps);
    });
  generating.set(dir, mine);
  // Cleared when this run settles, not when its caller stops waiting, so a third caller
  // still queues behind it.
  const settle = () => {
    if (generating.get(dir) === mine) generating.delete(dir);
  };
  mine.then(settle, settle);
  await waitUnlessAborted(before, deps.signal);
  return mine;
}

async function generateShots(dir: string, deps: Pick<DemoDeps, 'signal' | 'onProgress'>): Promise<string[]> {
  await fs.promises.mkdir(dir, { recursive: true });
  // A run killed mid-render (crash, power loss) leaves its temporary file behind; the
  // shot itself was never renamed into place, so it is regenerated below. Files of
  // another Segue still running are its own business.
  for (const name of await fs.promises.readdir(dir)) {
    const owner = demoTempOwner(name);
    if (owner === null || (owner !== process.pid && alive(owner))) continue;
    await fs.promises.rm(path.join(dir, name), { force: true });
  }
  const total = DEMO_SHOTS.reduce((sum, s) => sum + s.seconds, 0);
  let done = 0;
  // ffmpeg's progress estimate can step back between its reports; a progress bar should not.
  let reported = 0;
  const report = (p: number) => {
    reported = Math.max(reported, Math.min(1, p));
    deps.onProgress?.(reported);
  };
  const files: string[] = [];
  for (const shot of DEMO_SHOTS) {
    const file = path.join(dir, shot.file);
    if (!fs.existsSync(file)) {
      // Written under a temporary name, so an interrupted first run leaves nothing half-made.
      const tmp = path.join(dir, demoTempName(shot, process.pid));
      const before = done;
      try {
        await runFfmpeg(demoShotArgs(shot, tmp), {
          ...(deps.signal ? { signal: deps.signal } : {}),
          ...(deps.onProgress
            ? { totalSeconds: shot.seconds, onProgress: (p: { progress: number }) => report((before + p.progress * shot.seconds) / total) }
            : {}),
        });
        await fs.promises.rename(tmp, file);
      } catch (e) {
        await fs.promises.rm(tmp, { force: true });
        throw e;
      }
    }
    done += shot.seconds;
    files.push(file);
    report(done / total);
  }
  return files;
}

/**
 * Media records for the shots. A shot that exists but does not read as media (cut short
 * by a full disk, replaced by hand) would otherwise fail every later start; it is made
 * again, once.
 */
async function demoMedia(userDataDir: string, deps: DemoDeps): Promise<Media[]> {
  const files = await ensureDemoShots(userDataDir, deps);
  const first = await Promise.allSettled(files.map((f) => deps.createMedia(f)));
  const broken = files.filter((_, i) => first[i]!.status === 'rejected');
  if (broken.length && !deps.signal?.aborted) {
    await Promise.all(broken.map((f) => fs.promises.rm(f, { force: true })));
    const again = await ensureDemoShots(userDataDir, deps);
    return Promise.all(again.map((f, i) => (broken.includes(f) ? deps.createMedia(f) : unwrap(first[i]!))));
  }
  return Promise.all(first.map(unwrap));
}

const unwrap = <T>(r: PromiseSettledResult<T>): Promise<T> => (r.status === 'fulfilled' ? Promise.resolve(r.value) : Promise.reject(r.reason as Error));

export async function ensureDemoProject(userDataDir: string, deps: DemoDeps): Promise<Project> {
  const media = await demoMedia(userDataDir, deps);
  const project = createProject('Demo — Segue', { width: W, height: H, rate: { num: FPS, den: 1 }, sampleRate: 48000, channels: 2, fit: 'fit' });
  let timeline = project.timeline;
  for (const m of media.slice(0, 3)) timeline = appendMedia(timeline, m);
  // The fourth shot sits on V2/A2 over the cut between shots 2 and 3: a second layer.
  const [v1, v2, a1, a2] = [timeline.tracks[0]!, timeline.tracks[1]!, timeline.tracks[2]!, timeline.tracks[3]!];
  const overlayAt = (DEMO_SHOTS[0]!.seconds + DEMO_SHOTS[1]!.seconds - 1) * FPS;
  const tail = appendMedia({ ...timeline, tracks: [v2, a2] }, media[3]!);
  const lead = { kind: 'gap' as const, id: newId('g'), duration: rt(overlayAt, timeline.rate) };
  timeline = {
    ...timeline,
    tracks: [v1, { ...v2, items: [lead, ...tail.tracks[0]!.items] }, a1, { ...a2, items: [{ ...lead, id: newId('g') }, ...tail.tracks[1]!.items] }],
    markers: [
      { id: newId('k'), name: 'Needs a bridge', frame: 4 * FPS, duration: 0, color: 'orange', note: 'Try Extend here' },
      { id: newId('k'), name: 'Music swell', frame: 8 * FPS, duration: 0, color: 'green', note: '' },
    ],
  };
  return { ...project, media, timeline };
}
