// The shot list in the real renderer stores (no DOM): paste and import add shots as one
// undo step (a bad row changes nothing and says which line), cells, reorder and delete
// are one step each, To Timeline lays out placeholders, and generation is orchestrated
// against a scripted main process: every shot starts once, its clip shows the predicted
// take at once, a shot that continues from the previous one starts only after that
// picture landed, a failure is reported without stopping the others, a stale shot's
// regeneration is a new take.
import { beforeEach, describe, expect, it } from 'vitest';
import { predictedMedia, type GenerationRequest, type GenerationStatus } from '../../../shared/generation/model';
import { isStale, SHOT_KEY } from '../../../shared/previz/model';
import { PREVIZ_TRACK } from '../../../shared/previz/edit';
import { createProject } from '../../../shared/timeline/factory';
import type { Clip, Project } from '../../../shared/timeline/model';
import { ok, fail } from '../../../shared/ipc/result';
import { actionForKey, runAction } from '../../../renderer/src/actions';
import { showProject } from '../../../renderer/src/actions/importing';
import { setApi } from '../../../renderer/src/api';
import { generations } from '../../../renderer/src/generation/store';
import {
  addBlankShot,
  clipOfShot,
  deleteShots,
  editShot,
  estimateRequestFor,
  generateDrafts,
  generateShots,
  importShotListFile,
  landedView,
  layOut,
  moveSelected,
  moveShotTo,
  pasteShotList,
  saveReference,
  shotState,
  shotsOf,
  shotsToGenerate,
} from '../../../renderer/src/previz/actions';
import { previz } from '../../../renderer/src/previz/store';
import { getProject, useDocument } from '../../../renderer/src/state/documentStore';
import { ui } from '../../../renderer/src/state/uiStore';
import { fakeApi, media } from './fixtures';

const RATE = { num: 24, den: 1 };
const TSV = ['shot\tduration\tprompt\tcamera', 'Opening\t4\tA lighthouse at dusk\twide', 'Keeper\t2.5\tThe keeper climbs the stairs\thandheld', 'Lamp\t00:00:01:12\tThe lamp turns\tclose', 'Sea\t3s\tWaves below\taerial'].join('\n');

const past = () => useDocument.getState().history.past.map((c) => c.label);
const undo = () => useDocument.getState().undo();
const names = () => shotsOf(getProject()).map((s) => s.name);
const previzClips = (p: Project = getProject()): Clip[] =>
  p.timeline.tracks.find((t) => t.name === PREVIZ_TRACK)?.items.filter((i): i is Clip => i.kind === 'clip') ?? [];
const lastToast = () => ui().toasts.at(-1);
const flush = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0));
};

beforeEach(() => {
  const p = createProject('Previz', { width: 320, height: 180, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' });
  showProject({ ...p, media: [{ ...media('still', 0, ['video']), kind: 'image', name: 'keeper.png', path: '/m/keeper.png' }] });
  previz().set({ selected: [], anchor: null, waiting: {}, failed: {}, generateAsk: null, referenceDraft: null });
  ui().set({ toasts: [], overlay: null, selectedClips: [] });
  generations().receiveAll([]);
});

describe('paste and import', () => {
  it('a pasted spreadsheet table becomes shots with their lengths at the timeline rate, as one undo step', () => {
    expect(pasteShotList(TSV)).toBe(true);
    expect(names()).toEqual(['Opening', 'Keeper', 'Lamp', 'Sea']);
    expect(shotsOf(getProject()).map((s) => s.frames)).toEqual([96, 60, 36, 72]);
    expect(shotsOf(getProject())[1]!.camera).toBe('handheld');
    expect(past()).toEqual(['Paste 4 Shots']);
    // nothing is selected: Generate Drafts is about every shot without a picture
    expect(previz().selected).toEqual([]);
    undo();
    expect(getProject().previz?.shots ?? []).toEqual([]);
  });

  it('comma-separated text and a Markdown table paste too; a second paste goes after the selected shot', () => {
    pasteShotList('name,seconds,prompt\nA,1,first\nB,1,second');
    previz().set({ selected: [shotsOf(getProject())[0]!.id] });
    pasteShotList('| Shot | Length | Description |\n| --- | --- | --- |\n| Between | 2 | in the middle |');
    expect(names()).toEqual(['A', 'Between', 'B']);
    expect(shotsOf(getProject())[1]!.prompt).toBe('in the middle');
  });

  it('a bad row is one error toast naming the line, and nothing is added', () => {
    pasteShotList('shot\tduration\tprompt\nA\t2\tfine\nB\tsoon\tbroken');
    expect(lastToast()?.kind).toBe('error');
    expect(lastToast()?.text).toMatch(/^Paste shots: line 3: .*soon/);
    expect(lastToast()?.text.split('\n')).toHaveLength(1);
    expect(names()).toEqual([]);
    expect(past()).toEqual([]);
  });

  it('names of references and bin images are resolved; an unknown reference refuses the paste with a message', () => {
    const id = saveReference({ mediaId: 'still', name: 'Keeper', kind: 'character', description: 'an old man in oilskins' });
    expect(id).toBeTruthy();
    pasteShotList('shot\tduration\tprompt\treferences\timage\nA\t1\tx\tkeeper\tkeeper.png');
    const a = shotsOf(getProject())[0]!;
    expect(a.referenceIds).toEqual([id]);
    expect(a.imageMediaId).toBe('still');
    pasteShotList('shot\tduration\tprompt\treferences\nB\t1\tx\tNobody');
    expect(lastToast()?.text).toMatch(/Nobody/);
    expect(names()).toEqual(['A']);
  });

  it('an imported file is read by the main process and added as one step; its error comes back as one line', async () => {
    const api = fakeApi({
      'previz:importShotList': ({ path }) =>
        path.endsWith('good.csv')
          ? ok({ shots: [{ name: 'From file', frames: 48, prompt: 'p', camera: '', references: [], continueFromPrevious: false }] })
          : fail('invalid_input', 'bad.csv line 2: duration "x" is not seconds or a timecode'),
    });
    setApi(api);
    expect(await importShotListFile('/tmp/bad.csv')).toMatch(/^bad\.csv line 2/);
    expect(names()).toEqual([]);
    expect(await importShotListFile('/tmp/good.csv')).toBeNull();
    expect(names()).toEqual(['From file']);
    expect(past()).toEqual(['Import 1 Shot']);
    expect(api.calls[0]).toEqual({ channel: 'previz:importShotList', input: { path: '/tmp/bad.csv', rate: RATE } });
  });
});

describe('editing the list', () => {
  beforeEach(() => void pasteShotList(TSV));

  it('a cell edit, a move, Alt+Up/Down and a delete are one undo step each', () => {
    const [a, b, c, d] = shotsOf(getProject()).map((s) => s.id);
    editShot(b!, { prompt: 'The keeper climbs, slowly' }, 'Prompt of Keeper');
    expect(shotsOf(getProject())[1]!.prompt).toBe('The keeper climbs, slowly');
    moveShotTo(d!, 0);
    expect(names()).toEqual(['Sea', 'Opening', 'Keeper', 'Lamp']);
    previz().set({ selected: [a!, b!] });
    expect(moveSelected(1)).toBe(true);
    expect(names()).toEqual(['Sea', 'Lamp', 'Opening', 'Keeper']);
    expect(moveSelected(1)).toBe(false); // already last: nothing happens
    expect(moveSelected(-1)).toBe(true);
    expect(names()).toEqual(['Sea', 'Opening', 'Keeper', 'Lamp']);
    deleteShots([c!]);
    expect(names()).toEqual(['Sea', 'Opening', 'Keeper']);
    expect(past().slice(1)).toEqual(['Prompt of Keeper', 'Move Sea', 'Move 2 Shots', 'Move 2 Shots', 'Delete Shot']);
    for (let i = 0; i < 5; i++) undo();
    expect(names()).toEqual(['Opening', 'Keeper', 'Lamp', 'Sea']);
    expect(shotsOf(getProject())[1]!.prompt).toBe('The keeper climbs the stairs');
  });

  it('Add Shot appends an empty 4-second shot after the selection', () => {
    previz().set({ selected: [shotsOf(getProject())[0]!.id] });
    addBlankShot();
    expect(names()).toEqual(['Opening', 'Shot 5', 'Keeper', 'Lamp', 'Sea']);
    expect(shotsOf(getProject())[1]!.frames).toBe(96);
  });

  it('To Timeline lays out placeholders (no media, named, tagged, of each length) on a Previz track, as one step; Alt+T runs it', () => {
    expect(actionForKey({ key: 't', altKey: true, ctrlKey: false, metaKey: false, shiftKey: false })?.id).toBe('previz.toTimeline');
    expect(layOut()).toBe(true);
    const clips = previzClips();
    expect(clips.map((c) => [c.name, c.mediaId, c.sourceRange.duration.value])).toEqual([
      ['Opening', null, 96],
      ['Keeper', null, 60],
      ['Lamp', null, 36],
      ['Sea', null, 72],
    ]);
    expect(clips.map((c) => c.metadata?.[SHOT_KEY])).toEqual(shotsOf(getProject()).map((s) => s.id));
    expect(past().at(-1)).toBe('Lay Out Shots');
    expect(shotState(getProject(), shotsOf(getProject())[0]!, {}).state).toBe('placeholder');
    undo();
    expect(previzClips()).toEqual([]);
    expect(shotState(getProject(), shotsOf(getProject())[0]!, {}).state).toBe('not-laid-out');
  });

  it('the selection drops shots that an undo removed', () => {
    undo();
    expect(previz().selected).toEqual([]);
  });
});

/** A scripted main process: generation:start answers with predicted takes; land() finishes them. */
function generationHost(o: { failPrompt?: RegExp } = {}) {
  const started: GenerationRequest[] = [];
  const statuses = new Map<string, GenerationStatus>();
  let n = 0;
  const api = fakeApi({
    'generation:start': ({ request }) => {
      const r = request as GenerationRequest;
      if (o.failPrompt?.test(r.prompt)) return fail('rejected', 'The provider refused this prompt.');
      started.push(r);
      n++;
      const id = `gen${n}`;
      const mediaId = `take${n}`;
      const status: GenerationStatus = { id, request: r, state: 'running', progress: 0, etaSeconds: null, providerLabel: 'Local draft', costUsd: 0, createdAt: `2026-01-01T00:00:0${n}Z`, takes: [{ mediaId, state: 'running' }] };
      statuses.set(id, status);
      const m = predictedMedia({ id: mediaId, name: r.name, path: `/gen/${mediaId}.mp4`, request: r, generationId: id, takeIndex: 0, providerLabel: 'Local draft', costUsd: 0, createdAt: status.createdAt });
      return ok({ status, media: [m] });
    },
    'generation:cancel': () => ok({ cancelled: true }),
    'generation:estimate': () => ok({ costUsd: 0, billedSeconds: 0, calls: 1, providerLabel: 'Local draft', spentUsd: 0, budgetUsd: null }),
  });
  /** the take of the generation started `index`th lands (or fails) */
  const land = (index: number, state: 'done' | 'failed' = 'done') => {
    const s = statuses.get(`gen${index + 1}`)!;
    const mediaId = s.takes[0]!.mediaId;
    const predicted = getProject().media.find((m) => m.id === mediaId)!;
    const { 'segue.pending': _p, ...metadata } = predicted.metadata ?? {};
    generations().receive({ ...s, state, progress: 1, takes: [{ mediaId, state, ...(state === 'done' ? { media: { ...predicted, metadata } } : { error: 'out of credits' }) }] });
  };
  setApi(api);
  return { api, started, land };
}

describe('generating shots', () => {
  beforeEach(() => void pasteShotList(TSV));

  it('Generate Drafts lays the shots out, starts each once (local) and points each clip at its predicted take, one step per shot', async () => {
    const host = generationHost();
    const report = await generateDrafts();
    expect(report?.failed).toEqual([]);
    expect(host.started.map((r) => [r.provider, r.mode, r.frames, r.name])).toEqual([
      ['local', 'text', 96, 'Opening'],
      ['local', 'text', 60, 'Keeper'],
      ['local', 'text', 36, 'Lamp'],
      ['local', 'text', 72, 'Sea'],
    ]);
    // the local draft is a slate: its prompt starts with the shot's name
    expect(host.started[0]!.prompt).toMatch(/^Opening\nA lighthouse at dusk/);
    const clips = previzClips();
    expect(clips.map((c) => c.mediaId)).toEqual(['take1', 'take2', 'take3', 'take4']);
    expect(clips.map((c) => c.sourceRange.duration.value)).toEqual([96, 60, 36, 72]);
    expect(past().slice(1)).toEqual(['Lay Out 4 Shots', 'Draft Opening', 'Draft Keeper', 'Draft Lamp', 'Draft Sea']);
    const shots = shotsOf(getProject());
    expect(shots.map((s) => shotState(getProject(), s, generations().byId).state)).toEqual(['generating', 'generating', 'generating', 'generating']);
    host.land(0);
    expect(shotState(getProject(), shots[0]!, generations().byId).state).toBe('draft');
    // nothing left to do without a selection... once they have pictures
    expect(shotsToGenerate()).toEqual([]);
    // undo of a start takes the take off the clip (back to the placeholder)
    undo();
    expect(previzClips().at(-1)!.mediaId).toBeNull();
  });

  it('a shot that continues from the previous one starts only once that picture has landed, from its last frame', async () => {
    const host = generationHost();
    const [a, b, c] = shotsOf(getProject()).map((s) => s.id);
    editShot(b!, { continueFromPrevious: true }, 'Continue');
    editShot(c!, { continueFromPrevious: true }, 'Continue');
    const run = generateShots([a!, b!, c!], { provider: 'local', model: '' });
    await flush();
    expect(host.started.map((r) => r.name)).toEqual(['Opening']);
    expect(previz().waiting[b!]).toBe('waiting for Opening');
    expect(shotState(getProject(), shotsOf(getProject())[1]!, generations().byId, previz().waiting).state).toBe('queued');
    host.land(0);
    await flush();
    expect(host.started.map((r) => r.name)).toEqual(['Opening', 'Keeper']);
    const keeper = host.started[1]!;
    expect(keeper.mode).toBe('image');
    expect(keeper.imageMediaId).toBe('take1');
    expect(keeper.source).toEqual({ mediaId: 'take1', frame: 95 });
    // the third waits for the second, which is still being made
    expect(host.started).toHaveLength(2);
    host.land(1);
    const report = await run;
    expect(host.started.map((r) => [r.name, r.source?.mediaId])).toEqual([
      ['Opening', undefined],
      ['Keeper', 'take1'],
      ['Lamp', 'take2'],
    ]);
    expect(report.failed).toEqual([]);
    expect(previz().waiting).toEqual({});
  });

  it('a failed shot is reported and the shots that continue from it do not start; the others do', async () => {
    const host = generationHost({ failPrompt: /lamp turns/ });
    const [a, b, c, d] = shotsOf(getProject()).map((s) => s.id);
    editShot(d!, { continueFromPrevious: true }, 'Continue');
    const run = generateShots([a!, b!, c!, d!], { provider: 'local', model: '' });
    const report = await run;
    expect(host.started.map((r) => r.name)).toEqual(['Opening', 'Keeper']);
    expect(report.started).toEqual([a, b]);
    expect(report.failed.map((f) => [f.name, f.message])).toEqual([
      ['Lamp', 'The provider refused this prompt.'],
      ['Sea', 'continues from Lamp, which has no picture yet'],
    ]);
    expect(previz().failed[c!]).toBe('The provider refused this prompt.');
    expect(shotState(getProject(), shotsOf(getProject())[2]!, generations().byId, previz().waiting, previz().failed).state).toBe('failed');
    expect(lastToast()?.kind).toBe('error');
    expect(lastToast()?.text).toMatch(/^2 of 4 shots started; Lamp: The provider refused/);
  });

  it('a continuity shot whose predecessor fails to land is reported with the reason', async () => {
    const host = generationHost();
    const [a, b] = shotsOf(getProject()).map((s) => s.id);
    editShot(b!, { continueFromPrevious: true }, 'Continue');
    const run = generateShots([a!, b!], { provider: 'local', model: '' });
    await flush();
    host.land(0, 'failed');
    const report = await run;
    expect(report.failed.map((f) => [f.name, f.message])).toEqual([['Keeper', 'continues from Opening, which failed (out of credits)']]);
    expect(host.started).toHaveLength(1);
  });

  it('editing a generated shot marks only it stale; regenerating is a new take of its generation, and the edit is kept', async () => {
    const host = generationHost();
    await generateDrafts();
    for (let i = 0; i < 4; i++) host.land(i);
    const [, b] = shotsOf(getProject()).map((s) => s.id);
    editShot(b!, { prompt: 'The keeper climbs, out of breath' }, 'Prompt of Keeper');
    expect(shotsOf(getProject()).map(isStale)).toEqual([false, true, false, false]);
    expect(shotState(getProject(), shotsOf(getProject())[1]!, generations().byId).state).toBe('stale');
    expect(shotsToGenerate()).toEqual([b]);
    await generateDrafts();
    const again = host.started[4]!;
    expect(again.name).toBe('Keeper');
    expect(again.takeOf).toBe('gen2');
    expect(again.prompt).toMatch(/out of breath/);
    const clip = clipOfShot(getProject(), shotsOf(getProject())[1]);
    expect(clip?.mediaId).toBe('take5');
    // the old take stays in the bin; the shot is up to date again
    expect(getProject().media.some((m) => m.id === 'take2')).toBe(true);
    expect(shotsOf(getProject()).map(isStale)).toEqual([false, false, false, false]);
    expect(shotsOf(getProject())[1]!.prompt).toBe('The keeper climbs, out of breath');
  });

  it('a landed take is read as landed when the next request is built; the estimate of a waiting shot has a request', () => {
    generationHost();
    const [a, b] = shotsOf(getProject()).map((s) => s.id);
    editShot(b!, { continueFromPrevious: true }, 'Continue');
    const r = estimateRequestFor(b!, { provider: 'remote', model: 'sora-2' });
    expect([r.provider, r.model, r.frames]).toEqual(['remote', 'sora-2', 60]);
    expect(landedView(getProject(), {})).toBe(getProject());
    void a;
  });

  it('Generate Drafts from the menu action runs for the selected shots only', async () => {
    const host = generationHost();
    previz().set({ selected: [shotsOf(getProject())[2]!.id] });
    runAction('previz.drafts');
    await flush(10);
    expect(host.started.map((r) => r.name)).toEqual(['Lamp']);
    expect(previzClips().map((c) => c.name)).toEqual(['Lamp']);
  });

  it('review mode refuses to generate', async () => {
    const host = generationHost();
    useDocument.getState().setReadOnly(true);
    const report = await generateShots(shotsOf(getProject()).map((s) => s.id), { provider: 'local', model: '' });
    useDocument.getState().setReadOnly(false);
    expect(report.started).toEqual([]);
    expect(host.started).toEqual([]);
    expect(lastToast()?.text).toMatch(/Read-only review/);
  });
});
