// The child of killSave.test.ts: saves "state N", "state N+1", … to FILE with the real
// writeProjectFile, forever, printing "saved N" after each save (the first line means its
// startup is over), until it is killed. Run as a script: `saveLoop.ts FILE START`.
// Also exports the states so the test can check what it reads.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeProjectFile } from '../../../electron/services/project/projectFile';
import { SCHEMA_VERSION, type Marker, type Media, type Project } from '../../../shared/timeline/model';

const RATE = { num: 30, den: 1 };

/** How many markers state n has, with 20 kB notes: from none to about 2 MB, varying. */
export const markerCount = (n: number): number => (n % 7 === 0 ? 100 : (n * 37) % 23);

function media(id: string, file: string): Media {
  return {
    id,
    name: path.basename(file),
    path: file,
    kind: 'video',
    origin: 'file',
    probe: { path: file, formatName: 'mov,mp4,m4a,3gp,3g2,mj2', durationSeconds: 4, sizeBytes: 1000 + id.length, streams: [] },
  };
}

/** The document saved as state n in `dir`: every state differs in name, content and size. */
export function stateProject(n: number, dir: string): Project {
  const markers: Marker[] = Array.from({ length: markerCount(n) }, (_, i) => ({
    id: `mk_${n}_${i}`,
    name: `marker ${i} of state ${n}`,
    frame: i * 30,
    duration: 0,
    color: 'blue',
    note: `${n}:${i}:`.padEnd(20_000, String.fromCharCode(97 + ((n + i) % 26))),
  }));
  return {
    schemaVersion: SCHEMA_VERSION,
    id: 'p_killsave',
    name: `state ${n}`,
    settings: { width: 1280, height: 720, rate: RATE, sampleRate: 48000, channels: 2, fit: 'fit' },
    // one media file inside the project's folder (stored relative), one outside (absolute)
    media: [media('m_in', path.join(dir, 'media', `clip${n % 3}.mp4`)), media('m_out', `/elsewhere/state${n}.mp4`)],
    timeline: {
      id: 'tl_killsave',
      name: `state ${n}`,
      rate: RATE,
      tracks: [
        {
          id: 't_v1',
          kind: 'video',
          name: 'V1',
          items: [
            {
              kind: 'clip',
              id: `c_${n}`,
              name: 'clip',
              mediaId: 'm_in',
              sourceRange: { start: { value: n % 90, rate: RATE }, duration: { value: 30, rate: RATE } },
              enabled: true,
            },
          ],
          enabled: true,
          muted: false,
          solo: false,
          locked: false,
          height: 64,
        },
      ],
      markers,
    },
  };
}

async function loop(file: string, start: number): Promise<never> {
  const dir = path.dirname(path.resolve(file));
  for (let n = start; ; n++) {
    await writeProjectFile(file, stateProject(n, dir));
    process.stdout.write(`saved ${n}\n`);
  }
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] && path.resolve(process.argv[1]) === self) {
  const [file, start] = process.argv.slice(2);
  if (!file || !start) {
    process.stderr.write('usage: saveLoop.ts FILE START\n');
    process.exit(2);
  }
  loop(file, Number(start)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
