import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir, makeTestClip } from '../../helpers/media';
import { segueBin, repoRoot } from '../../helpers/host';

let dir: string;

const segue = (...args: string[]) => {
  const r = spawnSync(process.execPath, [segueBin, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, SEGUE_USER_DATA: path.join(dir, 'user') } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

beforeAll(() => {
  dir = makeTempDir('segue-cli-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('segue CLI', () => {
  it('probes an H.264/AAC clip to JSON', async () => {
    const clip = await makeTestClip(dir, 'shot.mp4', { seconds: 2, width: 320, height: 240, fps: 25, sampleRate: 44100, channels: 2 });
    const r = segue('probe', clip);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.durationSeconds).toBeGreaterThan(1.95);
    expect(info.durationSeconds).toBeLessThan(2.1);
    const video = info.streams.find((s: { type: string }) => s.type === 'video');
    const audio = info.streams.find((s: { type: string }) => s.type === 'audio');
    expect(video).toMatchObject({ codec: 'h264', width: 320, height: 240, fps: 25 });
    expect(audio).toMatchObject({ codec: 'aac', sampleRate: 44100, channels: 2 });
  });

  it('exits 1 with one line for a text file named .mp4', () => {
    const fake = path.join(dir, 'notes.mp4');
    fs.writeFileSync(fake, 'this is not a video\n'.repeat(20));
    const r = segue('probe', fake);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^segue: .*notes\.mp4/);
  });

  it('exits 1 with one line for a missing file and for a bad command', () => {
    const missing = segue('probe', path.join(dir, 'nope.mov'));
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const bad = segue('frobnicate');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown command/);
  });

  it('prints help and version', () => {
    const help = segue('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/segue probe FILE/);
    expect(help.stdout).toMatch(/segue web/);
    const version = segue('--version');
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    expect(version.stdout.trim()).toBe(`segue ${pkg.version}`);
  });

  it('refuses to serve a project file that is not a timeline', () => {
    const bad = path.join(dir, 'broken.otio');
    fs.writeFileSync(bad, '{"not": "otio"');
    const r = segue('web', bad, '--port', '0');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^segue: /);
  });
});
