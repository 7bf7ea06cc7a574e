// What each shot asks a provider for (text, its own image, a reference, the previous
// shot's last frame, a new take) and the order shots are generated in.
import { describe, expect, it } from 'vitest';
import type { GenerationRequest } from '../../../../shared/generation/model';
import type { Project } from '../../../../shared/timeline/model';
import { addReference, addShots, applyShotResult, layOutShots, updateShot } from '../../../../shared/previz/edit';
import { generationWaves, shotPrompt, shotRequest } from '../../../../shared/previz/requests';
import { specOf } from '../../../../shared/previz/model';
import { rt } from '../../../../shared/timeline/time';
import { EditError } from '../../../../shared/timeline/edit/core';
import { project, R24, resolverFor, shot, still, video } from './fixtures';

const LOCAL = { provider: 'local', model: '' } as const;
const REMOTE = { provider: 'remote', model: 'sora-2' } as const;

function library(): Project {
  let p = project(R24, [still('anna'), still('diner'), still('own')]);
  p = addReference(p, { name: 'Anna', kind: 'character', mediaId: 'anna', description: 'a woman in a red coat' }).project;
  p = addReference(p, { name: 'Diner', kind: 'place', mediaId: 'diner', description: 'a chrome diner at night' }).project;
  return p;
}

const id = (p: Project, name: string) => p.previz!.shots.find((s) => s.name === name)!.id;
const req = (r: ReturnType<typeof shotRequest>): GenerationRequest => {
  if ('waitFor' in r) throw new Error(`waits for ${r.waitFor}`);
  return r;
};

/** Lands `media` (added to the bin) in the shot's clip. */
function land(p: Project, name: string, m: ReturnType<typeof video>): Project {
  const withMedia = { ...p, media: [...p.media, m] };
  const s = withMedia.previz!.shots.find((x) => x.name === name)!;
  return applyShotResult(withMedia, s.id, m, specOf(s));
}

describe('shotRequest', () => {
  it('asks for text-to-video of the shot at the project settings; the remote prompt adds the camera and the references', () => {
    let p = library();
    p = addShots(p, [shot('Open', 36, { prompt: 'Rain on the window', camera: 'slow push in', references: ['Diner'] })], resolverFor(() => p));
    p = { ...p, settings: { ...p.settings, width: 1920, height: 1080, fit: 'fill', sampleRate: 44100, channels: 1 } };
    // the first reference's image is the picture to start from
    const r = req(shotRequest(p, id(p, 'Open'), { ...REMOTE, takes: 2 }));
    expect(r).toEqual<GenerationRequest>({
      mode: 'image',
      provider: 'remote',
      model: 'sora-2',
      prompt: 'Rain on the window\nCamera: slow push in\nDiner: a chrome diner at night',
      frames: 36,
      rate: R24,
      width: 1920,
      height: 1080,
      takes: 2,
      fit: 'fill',
      sampleRate: 44100,
      channels: 1,
      handleFrames: 0,
      name: 'Open',
      imageMediaId: 'diner',
    });
    const plain = updateShot(p, id(p, 'Open'), { referenceIds: [] });
    expect(req(shotRequest(plain, id(p, 'Open'), REMOTE))).toMatchObject({ mode: 'text', prompt: 'Rain on the window\nCamera: slow push in' });
    expect(shotPrompt(plain, plain.previz!.shots[0]!)).toBe('Rain on the window\nCamera: slow push in');
  });

  it('a local draft is a slate with the shot name over its prompt', () => {
    let p = library();
    p = addShots(p, [shot('Open', 24, { prompt: 'Rain', camera: 'wide' }), shot('', 24, { prompt: 'More rain' })], resolverFor(() => p));
    const [a, b] = p.previz!.shots;
    expect(req(shotRequest(p, a!.id, LOCAL))).toMatchObject({ mode: 'text', provider: 'local', prompt: 'Open\nRain\nCamera: wide', name: 'Open', takes: 1 });
    expect(req(shotRequest(p, b!.id, LOCAL))).toMatchObject({ prompt: 'Shot 2\nMore rain', name: 'Shot 2' });
  });

  it('the shot’s own image wins over its references; the others are described in the prompt', () => {
    let p = library();
    p = addShots(p, [shot('Booth', 24, { prompt: 'She sits', image: '/refs/own.png', references: ['Anna', 'Diner'] })], resolverFor(() => p));
    expect(req(shotRequest(p, id(p, 'Booth'), REMOTE))).toMatchObject({
      mode: 'image',
      imageMediaId: 'own',
      prompt: 'She sits\nAnna: a woman in a red coat\nDiner: a chrome diner at night',
    });
    const noOwn = updateShot(p, id(p, 'Booth'), { imageMediaId: undefined });
    expect(req(shotRequest(noOwn, id(p, 'Booth'), REMOTE))).toMatchObject({ mode: 'image', imageMediaId: 'anna' });
  });

  it('continuity waits for the previous shot’s picture, then starts from its last frame', () => {
    let p = library();
    p = addShots(p, [shot('A', 30), shot('B', 24, { continueFromPrevious: true, image: '/refs/own.png' })], resolverFor(() => p));
    const [a, b] = [id(p, 'A'), id(p, 'B')];
    // not laid out, then a placeholder, then a take still pending
    expect(shotRequest(p, b, LOCAL)).toEqual({ waitFor: a });
    p = layOutShots(p);
    expect(shotRequest(p, b, LOCAL)).toEqual({ waitFor: a });
    const pending = land(p, 'A', video('gA', 30 / 24, { generation: 'genA', pending: true }));
    expect(shotRequest(pending, b, LOCAL)).toEqual({ waitFor: a });
    // landed: frame 29 of A's media, even over the shot's own image
    p = land(p, 'A', video('gA', 30 / 24, { generation: 'genA' }));
    expect(req(shotRequest(p, b, LOCAL))).toMatchObject({ mode: 'image', imageMediaId: 'gA', source: { mediaId: 'gA', frame: 29 } });
    // a clip reading from an in point: its own last frame; never past the media's end
    const moved = { ...p, timeline: { ...p.timeline, tracks: p.timeline.tracks.map((t) => ({ ...t, items: t.items.map((x) => (x.kind === 'clip' && x.mediaId === 'gA' ? { ...x, sourceRange: { start: rt(10, R24), duration: rt(12, R24) } } : x)) })) } };
    expect(req(shotRequest(moved, b, LOCAL)).source).toEqual({ mediaId: 'gA', frame: 21 });
    const short = { ...p, media: p.media.map((m) => (m.id === 'gA' ? { ...m, probe: { ...m.probe, durationSeconds: 1 } } : m)) };
    expect(req(shotRequest(short, b, LOCAL)).source).toEqual({ mediaId: 'gA', frame: 23 });
    // a still in the previous clip is the picture itself
    const stillPrev = land(layOutShots(p), 'A', still('frame', '/x/frame.png'));
    const r = req(shotRequest(stillPrev, b, LOCAL));
    expect([r.imageMediaId, r.source]).toEqual(['frame', undefined]);
  });

  it('the first shot has nothing to continue from and asks as if it did not', () => {
    let p = library();
    p = addShots(p, [shot('A', 24, { continueFromPrevious: true })], resolverFor(() => p));
    expect(req(shotRequest(p, id(p, 'A'), LOCAL)).mode).toBe('text');
  });

  it('a shot whose clip shows generated media asks for a new take of that generation', () => {
    let p = library();
    p = layOutShots(addShots(p, [shot('A', 24)], resolverFor(() => p)));
    expect(req(shotRequest(p, id(p, 'A'), LOCAL)).takeOf).toBeUndefined();
    p = land(p, 'A', video('gA', 1, { generation: 'genA' }));
    expect(req(shotRequest(p, id(p, 'A'), REMOTE)).takeOf).toBe('genA');
    // a file from disk in the clip is no take
    p = land(p, 'A', video('file', 1, { origin: 'file' }));
    expect(req(shotRequest(p, id(p, 'A'), REMOTE)).takeOf).toBeUndefined();
  });

  it('refuses an unknown shot and a project larger than a provider can make', () => {
    const p = library();
    expect(() => shotRequest(p, 'nope', LOCAL)).toThrow(EditError);
    let big = addShots(p, [shot('A', 24)], resolverFor(() => p));
    big = { ...big, settings: { ...big.settings, width: 10000 } };
    expect(() => shotRequest(big, id(big, 'A'), LOCAL)).toThrow('Shots are generated at most 8192 pixels wide or high; the project is 10000x720.');
  });
});

describe('generationWaves', () => {
  const cost = (r: GenerationRequest) => r.frames;

  it('runs shots without dependencies first, cheapest first, and a continuity chain in order', () => {
    let p = library();
    p = addShots(
      p,
      [shot('A', 48), shot('B', 24, { continueFromPrevious: true }), shot('C', 72, { continueFromPrevious: true }), shot('D', 12), shot('E', 96), shot('F', 24, { continueFromPrevious: true })],
      resolverFor(() => p),
    );
    const ids = p.previz!.shots.map((s) => s.id);
    const name = (w: string[][]) => w.map((x) => x.map((i) => p.previz!.shots.find((s) => s.id === i)!.name).join(''));
    expect(name(generationWaves(p, ids, cost))).toEqual(['DAE', 'BF', 'C']);
    // only part of the list: a shot whose previous shot is not generated now is not held back
    expect(name(generationWaves(p, [ids[2]!, ids[4]!, ids[5]!], cost))).toEqual(['CE', 'F']);
    // ties keep shot order; costOf sees each shot's request and id
    const seen: string[] = [];
    expect(name(generationWaves(p, [ids[3]!, ids[0]!], (r, shotId) => (seen.push(`${r.name}:${shotId === ids[3] ? 'D' : 'A'}`), 0)))).toEqual(['AD']);
    expect(seen.sort()).toEqual(['A:A', 'D:D']);
  });

  it('prices with the options given', () => {
    let p = library();
    p = addShots(p, [shot('A', 48), shot('B', 24)], resolverFor(() => p));
    const providers: string[] = [];
    generationWaves(p, p.previz!.shots.map((s) => s.id), (r) => (providers.push(`${r.provider}/${r.model}`), 1), REMOTE);
    expect(providers).toEqual(['remote/sora-2', 'remote/sora-2']);
    expect(generationWaves(p, [], cost)).toEqual([]);
  });
});
