// Opens Final Cut Pro XML as a Segue project: FCP 7 XML (xmeml, from Premiere, Resolve,
// Hiero) and FCPXML (Final Cut Pro X; a .fcpxml file or a .fcpxmld bundle). The
// document's root element decides, not the extension. Media resolve like every other
// foreign timeline (./references); file timecode is taken off the source ranges.
import fs from 'node:fs';
import path from 'node:path';
import { importFcp7 } from '../../../shared/interchange/fcp7/import';
import { importFcpxml } from '../../../shared/interchange/fcpxml/import';
import { ProvenanceSchema, type Media, type Project, type Provenance } from '../../../shared/timeline/model';
import { AppError } from '../../../shared/ipc/result';
import { projectAround, resolveReferences, type ForeignRef } from './references';
import { decodeText } from '../fs/decodeText';

/**
 * XML text from its bytes, as the XML spec says to find the encoding: a byte order mark
 * (UTF-8, UTF-16 LE/BE), else the declaration's encoding="…" (Latin-1 and Windows-1252
 * from older Windows exports), else UTF-8. Bytes invalid in that encoding are refused.
 */
export function decodeXml(bytes: Uint8Array, name: string): string {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  try {
    return decodeText(bytes, { what: 'XML', ...(declared ? { declared } : {}) }).text;
  } catch (e) {
    throw new AppError('invalid_input', `${name}: ${(e as Error).message}`);
  }
}

/** A .fcpxmld bundle is a folder holding Info.fcpxml. */
async function readXml(file: string): Promise<string> {
  let bundle = false;
  try {
    const stat = await fs.promises.stat(file);
    bundle = stat.isDirectory();
    return decodeXml(await fs.promises.readFile(bundle ? path.join(file, 'Info.fcpxml') : file), path.basename(file));
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (bundle && code === 'ENOENT') throw new AppError('invalid_input', `${path.basename(file)}: a folder with no Info.fcpxml in it, so not an FCPXML bundle`);
    throw new AppError(code === 'ENOENT' ? 'not_found' : 'io_error', code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file}: ${code ?? 'error'}`);
  }
}

/** Provenance read back from the file's notes; a note may leave out the cost and time. */
const provenance = (p: unknown): Provenance | undefined => {
  if (typeof p !== 'object' || p === null) return undefined;
  const parsed = ProvenanceSchema.safeParse({ costUsd: 0, createdAt: new Date(0).toISOString(), ...p });
  return parsed.success ? parsed.data : undefined;
};

export async function loadXmlProject(file: string, deps: { createMedia(path: string): Promise<Media> }): Promise<{ project: Project; warnings: string[] }> {
  const text = await readXml(file);
  const head = text.slice(0, 4096).replace(/<!--[\s\S]*?-->/g, '');
  const kind = /<fcpxml[\s>]/.test(head) ? 'fcpxml' : /<xmeml[\s>]/.test(head) ? 'xmeml' : null;
  if (!kind) throw new AppError('invalid_input', `${path.basename(file)}: not Final Cut Pro XML (no <xmeml> or <fcpxml> root)`);
  let imported;
  try {
    imported = kind === 'xmeml' ? importFcp7(text) : importFcpxml(text);
  } catch (e) {
    throw new AppError('invalid_input', `${path.basename(file)}: ${((e as Error).message.split(/\r?\n/)[0] ?? '') || 'unreadable XML'}`);
  }
  const refs: ForeignRef[] = imported.references.map((ref) => {
    const generated = provenance(ref.generated);
    return {
      mediaId: ref.mediaId,
      name: ref.name,
      url: ref.pathurl,
      ...(generated ? { generated } : {}),
      ...(ref.timecodeFrame ? { startFrames: ref.timecodeFrame, ...(ref.rate ? { startRate: ref.rate } : {}) } : {}),
    };
  });
  const resolved = await resolveReferences(imported.timeline, refs, path.dirname(file), (f) => deps.createMedia(f));
  const project = projectAround(resolved.timeline, resolved.media, path.basename(file, path.extname(file)), imported.size);
  return { project, warnings: [...imported.warnings, ...resolved.warnings] };
}
