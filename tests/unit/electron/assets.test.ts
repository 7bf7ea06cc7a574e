import { describe, expect, it } from 'vitest';
import { AssetRegistry, assetForUrl, parseRange } from '../../../electron/services/assets';

describe('byte ranges', () => {
  it('parses single ranges per RFC 7233', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=50-1000', 100)).toEqual({ start: 50, end: 99 });
  });
  it('refuses unsatisfiable ranges and ignores malformed ones', () => {
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=9-2', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseRange('items=0-1', 100)).toBeNull();
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
  });
});

describe('asset registry', () => {
  it('gives one unguessable id per path and resolves only registered ids', () => {
    const r = new AssetRegistry();
    const a = r.register('/media/a.mp4');
    expect(r.register('/media/../media/a.mp4')).toBe(a);
    expect(a).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(r.resolve(a)).toEqual({ path: '/media/a.mp4', mime: 'video/mp4' });
    expect(r.resolve('/etc/passwd')).toBeUndefined();
    expect(r.resolve('../a.mp4')).toBeUndefined();
  });
});

describe('the desktop media protocol (segue-asset://)', () => {
  it('serves a registered id and refuses paths outside the registry however they are spelled', () => {
    const r = new AssetRegistry();
    const id = r.register('/project/media/a.mp4');
    expect(assetForUrl(r, `segue-asset://asset/${id}`)).toEqual({ path: '/project/media/a.mp4', mime: 'video/mp4' });
    for (const url of [
      'segue-asset://asset/etc/passwd',
      'segue-asset://asset/../../etc/passwd',
      'segue-asset://asset/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      `segue-asset://asset/${id}%2f..%2fsecret`,
      `segue-asset://asset/${id}/../${id}x`,
      `segue-asset://elsewhere/${id}`,
      'segue-asset://asset/%E0%A4%A',
      'segue-asset://asset/',
      'not a url',
      'file:///etc/passwd',
    ]) {
      expect(assetForUrl(r, url)).toBeUndefined();
    }
  });
});

