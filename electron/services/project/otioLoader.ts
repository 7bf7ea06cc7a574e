// Opens an .otio file as a Segue project: media references become media records for the
// files that exist; the rest stay on the timeline as offline clips, never a failed load.
import fs from 'node:fs';
import path from 'node:path';
import { ProvenanceSchema, type Media, type Project } from '../../../shared/timeline/model';
import { importOtio, type OtioImport } from '../../../shared/interchange/otio/import';
import { AppError } from '../../../shared/ipc/result';
import { projectAround, resolveReferences, type ForeignRef } from './references';

export { targetCandidates } from './references';

export async function loadOtioProject(file: string, deps: { createMedia(path: string): Promise<Media> }): Promise<{ project: Project; warnings: string[] }> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AppError(code === 'ENOENT' ? 'not_found' : 'io_error', code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file}: ${code ?? 'error'}`);
  }
  let imported: OtioImport;
  try {
    imported = importOtio(text);
  } catch (e) {
    // One line: JSON.parse messages can quote the offending text.
    const message = (e as Error).message.split(/\r?\n/)[0] ?? 'Not an OpenTimelineIO file';
    throw new AppError('invalid_input', `${path.basename(file)}: ${message}`);
  }
  const { timeline, references } = imported;
  const refs: ForeignRef[] = references.map((ref) => {
    // Segue's own export records where generated media came from.
    const segue = ref.metadata?.segue as { origin?: unknown; provenance?: unknown } | undefined;
    const provenance = ProvenanceSchema.safeParse(segue?.provenance);
    return {
      mediaId: ref.mediaId,
      name: ref.name,
      url: ref.targetUrl,
      ...(segue?.origin === 'generated' && provenance.success ? { generated: provenance.data } : {}),
      ...(ref.metadata ? { metadata: ref.metadata } : {}),
      // Source ranges are in the media's time, which starts at its available range's start.
      ...(ref.availableRange?.start.value ? { startFrames: ref.availableRange.start.value, startRate: ref.availableRange.start.rate } : {}),
    };
  });
  const resolved = await resolveReferences(timeline, refs, path.dirname(file), (f) => deps.createMedia(f));
  const project = projectAround(resolved.timeline, resolved.media, path.basename(file, path.extname(file)));
  return { project, warnings: [...imported.warnings, ...resolved.warnings] };
}
