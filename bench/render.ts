// Export speed against a hand-written ffmpeg command doing the same job, in the same run.
//   npm run bench:render [-- --clips 12]
// The job (issue: render engine): 12 clips of 5 s, 1280x720 30 fps H.264 + AAC, each
// trimmed to 4 s from 0.5 s, hard video cuts and 0.5 s audio crossfades at every join,
// exported at libx264 veryfast crf 23 + AAC 192k. Target: Segue <= 1.05x the reference.
// Peak memory of each ffmpeg run is read from /proc while it runs (Linux).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runFfmpeg } from '../electron/services/ffmpeg/runner';
import { MediaService } from '../electron/services/media/mediaService';
import { exportProject } from '../electron/services/render/exportService';
import { PreviewService } from '../electron/services/render/previewService';
import { trim } from '../shared/timeline/edit';
import { createProject } from '../shared/timeline/factory';
import type { Clip, Project, Transition } from '../shared/timeline/model';
import { makeRate, rt } from '../shared/timeline/time';

const { values } = parseArgs({ options: { clips: { type: 'string', default: '12' } } });
const N = Number(values.clips);
const dir = path.join(os.tmpdir(), 'segue-bench-render');
fs.mkdirSync(dir, { recursive: true });
const RATE = makeRate(30);

const files: string[] = [];
console.log(`Preparing ${N} source clips in ${dir} (once)…`);
for (let i = 0; i < N; i++) {
  const f = path.join(dir, `clip${i}.mp4`);
  if (!fs.existsSync(f)) {
    const tmp = `${f}.tmp.mp4`;
    await runFfmpeg(['-f', 'lavfi', '-i', `testsrc2=s=1280x720:r=30:d=5`, '-f', 'lavfi', '-i', `sine=f=${220 + i * 40}:d=5`, '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', tmp]);
    fs.renameSync(tmp, f);
  }
  files.push(f);
}

// Segue: V1 hard cuts, A1 with a 0.5 s crossfade (0.25 s each side) at every join.
const ms = new MediaService({ cacheDir: path.join(dir, 'cache') });
const media = await Promise.all(files.map((f) => ms.createMedia(f)));
const project: Project = createProject('bench', { width: 1280, height: 720, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' }, { video: 1, audio: 1 });
project.media = media;
const clip = (i: number): Clip => ({ kind: 'clip', id: `c${i}${Math.random().toString(36).slice(2, 6)}`, name: `clip${i}`, mediaId: media[i]!.id, sourceRange: { start: rt(15, RATE), duration: rt(120, RATE) }, enabled: true });
const fade = (i: number): Transition => ({ kind: 'transition', id: `x${i}`, name: '', transitionType: 'SMPTE_Dissolve', inOffset: rt(8, RATE), outOffset: rt(7, RATE) });
const [v1, a1] = project.timeline.tracks;
v1!.items = media.map((_, i) => clip(i));
a1!.items = media.flatMap((_, i) => (i === 0 ? [clip(i)] : [fade(i), clip(i)]));

// The reference: one hand-written graph, the same inputs and codecs.
function reference(out: string): string[] {
  const inputs = files.flatMap((f) => ['-ss', '0.5', '-t', '4', '-i', f]);
  const ainputs = files.flatMap((f, i) => ['-ss', i === 0 ? '0.5' : String(0.5 - 8 / 30), '-t', String(4 + (i === 0 ? 0 : 8 / 30) + (i === N - 1 ? 0 : 7 / 30)), '-i', f]);
  const v = files.map((_, i) => `[${i}:v]`).join('') + `concat=n=${N}:v=1:a=0[v]`;
  let a = '';
  let cur = `[${N}:a]`;
  for (let i = 1; i < N; i++) {
    a += `${cur}[${N + i}:a]acrossfade=d=0.5:c1=qsin:c2=qsin[x${i}];`;
    cur = `[x${i}]`;
  }
  return ['-v', 'error', ...inputs, ...ainputs, '-filter_complex', `${v};${a}${cur}anull[a]`, '-map', '[v]', '-map', '[a]', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '192k', '-movflags', '+faststart', out];
}

/** Highest VmHWM of any ffmpeg process seen while `fn` runs, in MB (0 where /proc is missing). */
async function withPeakMemory(fn: () => Promise<unknown>): Promise<{ seconds: number; peakMb: number }> {
  let peak = 0;
  const poll = setInterval(() => {
    try {
      for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        let status = '';
        try {
          status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
        } catch {
          continue;
        }
        if (!/^Name:\s*ffmpeg/m.test(status)) continue;
        const kb = Number(/VmHWM:\s*(\d+)/.exec(status)?.[1] ?? 0);
        peak = Math.max(peak, kb / 1024);
      }
    } catch {
      // no /proc
    }
  }, 100);
  const t = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(poll);
  }
  return { seconds: (performance.now() - t) / 1000, peakMb: peak };
}

const outRef = path.join(dir, 'reference.mp4');
const outSegue = path.join(dir, 'segue.mp4');
for (const f of [outRef, outSegue]) fs.rmSync(f, { force: true });
for (const f of files) fs.readFileSync(f); // warm the file cache
console.log('Rendering with the hand-written command…');
const ref = await withPeakMemory(() => runFfmpeg(reference(outRef)));
console.log('Rendering with Segue…');
const seg = await withPeakMemory(() => exportProject(project, outSegue, { overwrite: true }));
const ratio = seg.seconds / ref.seconds;
console.log('');
console.log(`${N} clips, ${(N * 4).toFixed(0)} s at 1280x720 30 fps, libx264 veryfast crf 23 + AAC 192k, ${os.cpus().length} cores`);
console.log(`reference (hand-written graph)   ${ref.seconds.toFixed(2)} s   peak ${ref.peakMb.toFixed(0)} MB`);
console.log(`Segue export                     ${seg.seconds.toFixed(2)} s   peak ${seg.peakMb.toFixed(0)} MB`);
console.log(`ratio                            ${ratio.toFixed(2)}x   target <= 1.05x   ${ratio <= 1.05 ? 'PASS' : 'MISS'}`);

// Preview after a one-clip trim in a 60-clip timeline: only the touched segment renders.
const many: Project = createProject('preview bench', { width: 1280, height: 720, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' }, { video: 1, audio: 1 });
many.media = media;
const seq = Array.from({ length: 60 }, (_, i) => ({ ...clip(i % N), id: `p${i}` }));
many.timeline.tracks[0]!.items = seq;
many.timeline.tracks[1]!.items = seq.map((c) => ({ ...c, id: `${c.id}a` }));
const previewDir = path.join(dir, `preview-cache-${Date.now()}`);
const previews = new PreviewService(previewDir);
console.log('');
console.log('Rendering a full preview of 60 clips…');
const full = await withPeakMemory(() => previews.render(many));
const trimmed = { ...many, timeline: trim(many.timeline, 'p30', 'out', -10, { ripple: true, media }) };
const partial = await withPeakMemory(() => previews.render(trimmed));
const share = partial.seconds / full.seconds;
console.log(`full preview (60 clips, 240 s, 540p)          ${full.seconds.toFixed(2)} s`);
console.log(`after a one-clip ripple trim                  ${partial.seconds.toFixed(2)} s   ${(share * 100).toFixed(1)}% of full   target <= 10%   ${share <= 0.1 ? 'PASS' : 'MISS'}`);
fs.rmSync(previewDir, { recursive: true, force: true });
