// Writing a timeline in another application's format, chosen by the file's extension:
// shared by `segue convert` and File › Export Timeline.
import path from 'node:path';
import { AppError } from '../../../shared/ipc/result';
import { exportOtioText } from '../../../shared/interchange/otio/export';
import { exportEdl } from '../../../shared/interchange/edl/export';
import { exportFcp7 } from '../../../shared/interchange/fcp7/export';
import { exportFcpxml } from '../../../shared/interchange/fcpxml/export';
import { exportMlt } from '../../../shared/interchange/mlt/export';
import type { Project } from '../../../shared/timeline/model';
import { writeFileAtomic, writeProjectFile } from './projectFile';

const WRITERS: Record<string, (project: Project, out: string) => Promise<string[]>> = {
  '.otio': async (project, out) => {
    await writeFileAtomic(out, exportOtioText(project));
    return [out];
  },
  '.edl': async (project, out) => {
    // One EDL per video track: the first takes OUT's name, the others add their track's.
    const files = exportEdl(project);
    if (files.length === 0) throw new AppError('invalid_input', 'The timeline has no video track to write as an EDL.');
    const base = out.replace(/\.edl$/i, '');
    const written: string[] = [];
    for (const [i, f] of files.entries()) {
      const target = i === 0 ? out : `${base} ${f.name.replace(/^.* - /, '').replace(/\.edl$/i, '')}.edl`;
      await writeFileAtomic(target, f.text);
      written.push(target);
    }
    return written;
  },
  '.xml': async (project, out) => {
    // Final Cut Pro 7 XML (xmeml), what Premiere and Resolve exchange.
    await writeFileAtomic(out, exportFcp7(project));
    return [out];
  },
  '.fcpxml': async (project, out) => {
    // FCPXML 1.9, for Final Cut Pro and DaVinci Resolve.
    await writeFileAtomic(out, exportFcpxml(project));
    return [out];
  },
  '.mlt': async (project, out) => {
    // MLT XML: Shotcut and Kdenlive open it, melt renders it.
    await writeFileAtomic(out, exportMlt(project));
    return [out];
  },
  '.segue': async (project, out) => {
    await writeProjectFile(out, project);
    return [out];
  },
};

export const WRITABLE = Object.keys(WRITERS);

/** Writes `project` as the format `out`'s extension names; returns the files written. */
export async function writeTimeline(project: Project, out: string): Promise<string[]> {
  const writer = WRITERS[path.extname(out).toLowerCase()];
  if (!writer) throw new AppError('invalid_input', `Cannot write ${path.basename(out)}: Segue writes ${WRITABLE.join(', ')}`);
  return writer(project, out);
}
