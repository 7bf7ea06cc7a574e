import { describe, expect, it } from 'vitest';
import { AssetRegistry, parseRange } from '../../../electron/services/assets';

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
