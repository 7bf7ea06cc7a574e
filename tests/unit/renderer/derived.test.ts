import { describe, expect, it } from 'vitest';
import { setApi } from '../../../renderer/src/api';
import { filmstrip, loadedFilmstrip } from '../../../renderer/src/media/derived';
import type { Filmstrip } from '../../../shared/ipc/contract';
import { fakeApi } from './fixtures';

const strip = (mediaId: string): Filmstrip => ({ mediaId, assetId: `a-${mediaId}`, count: 4, tileWidth: 160, tileHeight: 90, intervalSeconds: 0.5 });

describe('derived media data', () => {
  it('asks the main process once per media, and has the filmstrip at hand once it loaded', async () => {
    const api = fakeApi({ 'media:filmstrip': ({ mediaId }) => ({ ok: true, value: strip(mediaId) }) });
    setApi(api);
    expect(loadedFilmstrip('m1')).toBeUndefined();
    const [a, b] = await Promise.all([filmstrip('m1'), filmstrip('m1')]);
    expect(a).toEqual(strip('m1'));
    expect(b).toBe(a);
    expect(loadedFilmstrip('m1')).toBe(a);
    expect(api.calls.filter((c) => c.channel === 'media:filmstrip')).toHaveLength(1);
  });

  it('forgets a failure, so the next request asks again', async () => {
    let fail = true;
    const api = fakeApi({ 'media:filmstrip': ({ mediaId }) => (fail ? { ok: false, error: { code: 'not_found', message: 'gone' } } : { ok: true, value: strip(mediaId) }) });
    setApi(api);
    expect(await filmstrip('m2')).toBeNull();
    expect(loadedFilmstrip('m2')).toBeUndefined();
    fail = false;
    expect(await filmstrip('m2')).toEqual(strip('m2'));
    expect(loadedFilmstrip('m2')).toEqual(strip('m2'));
    expect(api.calls).toHaveLength(2);
  });
});
