// Media paths on disk: relative inside the project's folder, absolute elsewhere, for POSIX
// and Windows paths alike (pure string functions, so Windows is tested here on Linux).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { absoluteStyle, relativiseMediaPath, resolveMediaPath } from '../../../../shared/project/paths';

describe('relativiseMediaPath / resolveMediaPath', () => {
  it.each([
    // [media, project folder, on disk]
    ['/home/ann/film/media/a.mp4', '/home/ann/film', 'media/a.mp4'],
    ['/home/ann/film/a.mp4', '/home/ann/film/', 'a.mp4'],
    ['/home/ann/other/a.mp4', '/home/ann/film', '/home/ann/other/a.mp4'],
    ['/home/ann/filmstrip/a.mp4', '/home/ann/film', '/home/ann/filmstrip/a.mp4'],
    ['/home/ann/film', '/home/ann/film', '/home/ann/film'],
    ['/a.mp4', '/', 'a.mp4'],
    ['/home/ann/film/C:/x.mp4', '/home/ann/film', './C:/x.mp4'],
    ['/home/ann/film/\\x.mp4', '/home/ann/film', './\\x.mp4'],
    ['/home/ann/film/a\\b.mp4', '/home/ann/film', 'a\\b.mp4'],
    ['C:\\Users\\Ann\\Film\\media\\a.mp4', 'C:\\Users\\Ann\\Film', 'media/a.mp4'],
    ['c:\\users\\ann\\film\\a.mp4', 'C:\\Users\\Ann\\Film', 'a.mp4'],
    ['D:\\clips\\a.mp4', 'C:\\Users\\Ann\\Film', 'D:\\clips\\a.mp4'],
    ['C:/Users/Ann/Film/a.mp4', 'C:\\Users\\Ann\\Film', 'a.mp4'],
    ['\\\\nas\\share\\film\\a.mp4', '\\\\nas\\share\\film', 'a.mp4'],
    ['\\\\nas\\other\\film\\a.mp4', '\\\\nas\\share\\film', '\\\\nas\\other\\film\\a.mp4'],
    ['/mnt/c/a.mp4', 'C:\\', '/mnt/c/a.mp4'],
  ])('%s in %s is stored as %s', (media, dir, stored) => {
    expect(relativiseMediaPath(media, dir)).toBe(stored);
  });

  it.each([
    ['media/a.mp4', '/home/ann/film', '/home/ann/film/media/a.mp4'],
    ['./media/./a.mp4', '/home/ann/film', '/home/ann/film/media/a.mp4'],
    ['../shared/a.mp4', '/home/ann/film', '/home/ann/shared/a.mp4'],
    ['../../../../a.mp4', '/home/ann', '/a.mp4'],
    ['./C:/x.mp4', '/home/ann/film', '/home/ann/film/C:/x.mp4'],
    ['a\\b.mp4', '/home/ann/film', '/home/ann/film/a\\b.mp4'],
    ['/elsewhere/a.mp4', '/home/ann/film', '/elsewhere/a.mp4'],
    ['media/a.mp4', 'C:\\Users\\Ann\\Film', 'C:\\Users\\Ann\\Film\\media\\a.mp4'],
    ['a.mp4', 'c:\\', 'C:\\a.mp4'],
    ['a.mp4', '\\\\nas\\share\\film', '\\\\nas\\share\\film\\a.mp4'],
    ['D:\\clips\\a.mp4', 'C:\\Film', 'D:\\clips\\a.mp4'],
  ])('%s read from %s is %s', (stored, dir, media) => {
    expect(resolveMediaPath(stored, dir)).toBe(media);
  });

  it('classifies absolute paths', () => {
    expect(absoluteStyle('/x')).toBe('posix');
    expect(absoluteStyle('C:\\x')).toBe('windows');
    expect(absoluteStyle('c:/x')).toBe('windows');
    expect(absoluteStyle('\\\\srv\\s')).toBe('windows');
    expect(absoluteStyle('C:x')).toBeNull();
    expect(absoluteStyle('x/y')).toBeNull();
  });

  const segment = fc.stringMatching(/^[A-Za-z0-9 _.\-:\\]{1,8}$/).filter((s) => s !== '.' && s !== '..');
  it('round-trips every POSIX path: read(write(p)) = p, relative only inside the folder', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), fc.array(segment, { minLength: 1, maxLength: 4 }), fc.boolean(), (dirParts, rest, inside) => {
        const dir = `/${dirParts.join('/')}`;
        const media = inside ? `${dir === '/' ? '' : dir}/${rest.join('/')}` : `/elsewhere-x/${rest.join('/')}`;
        const stored = relativiseMediaPath(media, dir);
        expect(resolveMediaPath(stored, dir)).toBe(media);
        expect(absoluteStyle(stored) === null).toBe(inside || dir === '/');
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips Windows paths inside the folder to the folder-style path', () => {
    const winSeg = fc.stringMatching(/^[A-Za-z0-9 _.-]{1,8}$/).filter((s) => s !== '.' && s !== '..');
    fc.assert(
      fc.property(fc.constantFrom('C', 'd'), fc.array(winSeg, { maxLength: 3 }), fc.array(winSeg, { minLength: 1, maxLength: 3 }), (drive, dirParts, rest) => {
        const dir = `${drive}:\\${dirParts.join('\\')}`;
        const media = `${dir.replace(/\\$/, '')}\\${rest.join('\\')}`;
        const stored = relativiseMediaPath(media, dir);
        expect(stored).toBe(rest.join('/'));
        expect(resolveMediaPath(stored, dir)).toBe(`${drive.toUpperCase()}:\\${[...dirParts, ...rest].join('\\')}`);
      }),
      { numRuns: 200 },
    );
  });
});
