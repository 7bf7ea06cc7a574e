// The previz runner in the main process: shots in waves through the real generation
// service (local engine, with one render made to fail), failures recorded without
// stopping the others, a continuity shot after a failed shot reported as such, takes
// applied to the project, progress to the end.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, defaultLocalEngine, type Services } from '../../../electron/services';
import { projectDataDir } from '../../../electron/services/generation/generationService';
import { estimatePreviz, runPreviz, type PrevizProgress } from '../../../electron/services/previz/runner';
import { AppError } from '../../../shared/ipc/result';
import { addShots, shotClip } from '../../../shared/previz/edit';
import { specOf } from '../../../shared/previz/model';
import { createProject } from '../../../shared/timeline/factory';
import { makeRate } from '../../../shared/timeline/time';
import type { Project } from '../../../shared/timeline/model';
import { makeTempDir } from '../../helpers/media';

let dir: string;
let s: Services;
const renders: string[] = [];

beforeAll(() => {
  dir = makeTempDir('segue-previz-runner-');
  s = createServices({
    host: { transport: 'web' },
    userDataDir: path.join(dir, 'user'),
    overrides: {
      local: {
        ...defaultLocalEngine,
        render: async (req, format, dest, o) => {
          renders.push(req.mode === 'text' ? req.prompt.split('\n')[0]! : req.mode);
          if (req.mode === 'text' && req.prompt.includes('BREAK')) throw new AppError('internal', 'ffmpeg could not draw this slate');
          return defaultLocalEngine.render(req, format, dest, o);
        },
      },
    },
  });
});
afterAll(() => {
  s.generation.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function build(): Project {
  const base = createProject('Runner', { width: 160, height: 90, rate: makeRate(24), sampleRate: 48000, channels: 2, fit: 'fit' }, { video: 1, audio: 1 });
  const shot = (name: string, frames: number, prompt: string, continueFromPrevious = false) => ({ name, frames, prompt, camera: '', references: [], continueFromPrevious });
  return addShots(base, [shot('A', 12, 'BREAK here'), shot('B', 10, 'after A', true), shot('C', 20, 'fine'), shot('D', 6, 'short'), shot('E', 8, 'after D', true)], { imageMediaId: () => undefined, referenceId: () => undefined });
}

describe('runPreviz', () => {
  it('generates what it can: a failed shot and the shot continuing from it are reported, the others land in order of cost and continuity', async () => {
    const p = build();
    const file = path.join(dir, 'runner.segue');
    s.projects.setCurrent(p, file);
    s.generation.attach(p.id, projectDataDir(file, p.id, s.userDataDir));
    expect(estimatePreviz({ generation: s.generation, projects: s.projects }, p, { provider: 'local', model: '' })).toEqual({ costUsd: 0, requests: 5 });
    const progress: PrevizProgress[] = [];
    const seen: string[] = [];
    const result = await runPreviz({ generation: s.generation, projects: s.projects }, p, {
      provider: 'local',
      model: '',
      concurrency: 1,
      onProgress: (x) => progress.push(x),
      onShot: (o) => seen.push(`${o.name}:${o.state}`),
    });
    expect(result.outcomes.map((o) => [o.name, o.state, o.error])).toEqual([
      ['A', 'failed', 'ffmpeg could not draw this slate'],
      ['B', 'failed', 'continues from A, which failed'],
      ['C', 'done', undefined],
      ['D', 'done', undefined],
      ['E', 'done', undefined],
    ]);
    // cheapest first in the first wave (all local: equal cost, so shot order), then the chain
    expect(renders).toEqual(['A', 'C', 'D', 'image']);
    expect(seen).toEqual(['A:failed', 'C:done', 'D:done', 'B:failed', 'E:done']);
    expect(result.cancelled).toBe(false);
    expect(progress.at(-1)).toMatchObject({ progress: 1, done: 3, failed: 2, total: 5 });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.progress).toBeGreaterThanOrEqual(progress[i - 1]!.progress);
    // landed shots show their take and remember their spec; failed ones keep the placeholder
    const shots = result.project.previz!.shots;
    for (const [i, sh] of shots.entries()) {
      const clip = shotClip(result.project, sh)!.clip;
      if (i < 2) {
        expect([clip.mediaId, sh.generated]).toEqual([null, undefined]);
      } else {
        expect(result.project.media.find((m) => m.id === clip.mediaId)!.origin).toBe('generated');
        expect(sh.generated).toEqual(specOf(sh));
      }
    }
    // E started from D's last frame
    const e = s.generation.get(result.outcomes[4]!.generationId!).request;
    const dClip = shotClip(result.project, shots[3]!)!.clip;
    expect([e.mode, e.imageMediaId, e.source]).toEqual(['image', dClip.mediaId, { mediaId: dClip.mediaId, frame: 5 }]);
  }, 120_000);

  it('a cancelled run starts nothing and says so', async () => {
    const p = build();
    const controller = new AbortController();
    controller.abort();
    const before = renders.length;
    const result = await runPreviz({ generation: s.generation, projects: s.projects }, p, { provider: 'local', model: '', signal: controller.signal });
    expect(result.cancelled).toBe(true);
    expect(result.outcomes.map((o) => o.state)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(renders.length).toBe(before);
    expect(result.costUsd).toBe(0);
  });
});
