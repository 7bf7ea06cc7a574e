// A hostile renderer: every channel of the real handler table called with malformed and
// malicious inputs (wrong types, huge strings, traversal, prototype-pollution keys, paths
// outside anything the user chose). Each call is answered with a clean failure value or a
// harmless answer, nothing in the user's folders changes, and no prototype is polluted.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, contract, type Channel } from '../../../shared/ipc/contract';
import { dispatch } from '../../../shared/ipc/dispatch';
import { createHandlers } from '../../../electron/handlers';
import { createServices, type Services } from '../../../electron/services';
import { createProject } from '../../../shared/timeline/factory';
import { makeTempDir } from '../../helpers/media';
import { folderSnapshot } from '../../helpers/files';

let dir: string;
let s: Services;
let victim: string;


beforeAll(async () => {
  dir = makeTempDir('segue-hostile-');
  victim = path.join(dir, 'victim');
  fs.mkdirSync(victim);
  fs.writeFileSync(path.join(victim, 'secret.txt'), 'do not touch');
  fs.writeFileSync(path.join(victim, 'project.segue'), JSON.stringify(createProject('Victim')));
  s = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
  await s.projects.open(path.join(victim, 'project.segue'));
});
afterAll(() => {
  s.generation.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const project = () => createProject('Hostile');
const huge = 'x'.repeat(1_000_000);
const polluted = () => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as object;

/** Inputs that pass nothing or that aim at files the user never chose. */
function attacks(channel: Channel, victimDir: string): unknown[] {
  const generic: unknown[] = [undefined, null, 'str', 42, [], polluted(), { path: huge }, { path: 'a\0b' }, { project: polluted() }];
  const p = project();
  const traversal = `${victimDir}/../victim/secret.txt`;
  const specific: Partial<Record<Channel, unknown[]>> = {
    'project:open': [{ path: traversal }, { path: '/etc/passwd' }, { path: `${victimDir}/%2e%2e/secret.txt` }],
    // the last one succeeds: every later channel then runs against a project open for review
    'project:openReview': [{ path: traversal }, { path: '/etc/passwd' }, { path: path.join(victimDir, 'project.segue') }],
    'project:save': [{ project: p, path: path.join(victimDir, 'secret.txt') }, { project: p, path: 'relative.segue' }, { project: { ...p, metadata: polluted() }, path: '/proc/self/evil.segue' }],
    'project:autosave': [{ project: { ...p, id: '../../../escape' } }],
    'project:loadBackup': [{ name: '../../victim/secret.txt' }, { name: '/etc/passwd' }],
    'project:recover': [{ take: 'yes' }],
    'media:import': [{ paths: ['/etc/passwd', traversal, path.join(victimDir, 'secret.txt')] }],
    'media:assets': [{ mediaId: '../secret' }, { mediaId: '__proto__' }],
    'media:peaks': [{ mediaId: 'constructor', samplesPerPixel: 256 }],
    'media:filmstrip': [{ mediaId: 'toString' }],
    'media:relink': [{ mediaId: 'nope', path: '/etc/passwd' }],
    'media:relinkCandidates': [{ mediaIds: ['nope'], dir: '/' }],
    'media:missing': [{ project: { ...p, media: [{ ...(p.media[0] ?? {}), id: 'mX', name: 'x', path: '/etc/passwd', kind: 'video', origin: 'file', probe: { path: '/etc/passwd', formatName: 'x', durationSeconds: 1, sizeBytes: 1, streams: [] } }] } }],
    'render:export': [{ project: p, path: path.join(victimDir, 'secret.txt'), preset: 'h264', overwrite: true }, { project: p, path: '/tmp/x.mp4', preset: '../../etc', overwrite: false }],
    'project:collect': [{ project: p, dir: victimDir, overwrite: false }, { project: p, dir: 'relative', overwrite: true }],
    'review:exportNotes': [{ project: p, path: path.join(victimDir, 'secret.txt'), overwrite: true }, { project: p, path: path.join(victimDir, 'project.segue'), overwrite: true }, { project: p, path: 'relative.csv', overwrite: true }],
    'review:importNotes': [{ path: path.join(victimDir, 'secret.txt'), rate: { num: 24, den: 1 } }, { path: '/etc/passwd', rate: { num: 24, den: 1 } }, { path: `${victimDir}/../victim/project.segue`, rate: { num: 24, den: 1 } }],
    'previz:exportShotList': [{ project: p, path: path.join(victimDir, 'secret.txt'), overwrite: true }, { project: p, path: path.join(victimDir, 'project.segue'), overwrite: true }, { project: p, path: 'relative.csv', overwrite: true }],
    'previz:importShotList': [{ path: path.join(victimDir, 'secret.txt'), rate: { num: 24, den: 1 } }, { path: '/etc/passwd', rate: { num: 24, den: 1 } }, { path: `${victimDir}/../victim/project.segue`, rate: { num: 24, den: 1 } }],
    'generation:cancel': [{ id: '../../etc' }],
    'generation:retry': [{ id: '../../etc' }],
    'providers:set': [{ settings: polluted(), apiKey: 'key with spaces' }],
    'fs:exists': [{ path: huge }],
    'dialog:saveProject': [{ name: huge }],
  };
  return [...generic, ...(specific[channel] ?? [])];
}

describe('hostile renderer', () => {
  it('every channel answers malformed and malicious input with a clean value, and nothing the user has changes', async () => {
    const handlers = createHandlers(s);
    const before = folderSnapshot(victim);
    for (const channel of CHANNELS) {
      for (const input of attacks(channel, victim)) {
        const r = await dispatch(handlers, channel, input, {});
        // a Result value, never a throw; a failure carries a known code and a one-line message
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) {
          expect(r.error.message.split('\n')).toHaveLength(1);
          expect(r.error.message).not.toMatch(/\n\s+at /);
        } else {
          // a success must still satisfy the channel's output schema
          expect(contract[channel].output.safeParse(r.value).success).toBe(true);
        }
      }
    }
    expect(folderSnapshot(victim)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // no autosave escaped the user data folder
    expect(fs.existsSync(path.join(dir, 'escape.segue'))).toBe(false);
  }, 60_000);
});
