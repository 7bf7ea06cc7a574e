// The installers cannot be built here (no Electron binary, no platform tools), so the
// builder configuration and the packaged-path resolution are checked instead.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { binaries, unpackedPath } from '../../../electron/services/paths';

const root = path.resolve(import.meta.dirname, '../../..');
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  fileAssociations: { ext: string }[];
  linux: { target: string[]; icon: string };
  mac: { target: string; icon: string };
  win: { target: string; icon: string };
};

describe('electron-builder configuration', () => {
  it('builds AppImage and deb, dmg, and nsis with the app id, name and icons from resources/', () => {
    expect(config.appId).toBe('app.segue.editor');
    expect(config.productName).toBe('Segue');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
    for (const icon of [config.linux.icon, config.mac.icon, config.win.icon]) {
      expect(icon.startsWith('resources/')).toBe(true);
      expect(fs.existsSync(path.join(root, icon))).toBe(true);
    }
  });

  it('ships the built app and keeps ffmpeg, ffprobe and the slate font out of the asar', () => {
    expect(config.files).toContain('dist/**/*');
    expect(config.files).toContain('resources/fonts/**');
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/@ffmpeg-installer/**', 'node_modules/@ffprobe-installer/**', 'resources/fonts/**']));
    expect(fs.existsSync(path.join(root, 'resources', 'fonts', 'DejaVuSans.ttf'))).toBe(true);
    // the main entry the builder packs is what npm run build writes
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/electron/main.mjs');
  });

  it('opens .segue projects (and .otio timelines) from the system', () => {
    expect(config.fileAssociations.map((f) => f.ext)).toEqual(['segue', 'otio']);
  });
});

describe('packaged paths', () => {
  it('maps binaries inside app.asar to app.asar.unpacked, where they can be spawned', () => {
    const inside = path.join('/opt', 'Segue', 'resources', 'app.asar', 'node_modules', '@ffmpeg-installer', 'linux-x64', 'ffmpeg');
    expect(unpackedPath(inside)).toBe(path.join('/opt', 'Segue', 'resources', 'app.asar.unpacked', 'node_modules', '@ffmpeg-installer', 'linux-x64', 'ffmpeg'));
    // paths outside an archive are left alone, and an already unpacked path is not changed twice
    expect(unpackedPath('/usr/bin/ffmpeg')).toBe('/usr/bin/ffmpeg');
    expect(unpackedPath(unpackedPath(inside))).toBe(unpackedPath(inside));
  });

  it('uses FFMPEG_PATH and FFPROBE_PATH over the bundled binaries', () => {
    expect(binaries({ FFMPEG_PATH: '/x/ffmpeg', FFPROBE_PATH: '/x/ffprobe' })).toEqual({ ffmpeg: '/x/ffmpeg', ffprobe: '/x/ffprobe' });
    const bundled = binaries({});
    expect(fs.existsSync(bundled.ffmpeg)).toBe(true);
    expect(fs.existsSync(bundled.ffprobe)).toBe(true);
  });
});
