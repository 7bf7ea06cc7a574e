// Review notes to and from files: File › Export/Import Review Notes and `segue notes`.
// The notes file is .csv or .md by its extension; its thumbnails (one frame per marker of
// the topmost enabled video clip under it) go into `<name>_thumbs/` next to it, named in
// the notes by a relative path so the folder travels with the file.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/ipc/result';
import { notesFromFile, notesToCsv, notesToMarkdown, type ReviewNote } from '../../../shared/review/notes';
import { planThumbnails, thumbsFolderName } from '../../../shared/review/thumbnails';
import type { Media, Project } from '../../../shared/timeline/model';
import type { Rate } from '../../../shared/timeline/time';
import { posterArgs } from '../ffmpeg/args';
import { runFfmpeg } from '../ffmpeg/runner';
import { writeFileAtomic } from '../project/projectFile';
import { readTextTable } from '../fs/readTextTable';

export const NOTES_EXTENSIONS = ['.csv', '.md', '.markdown'];
/** A notes file bigger than this is not a notes file (100 000 notes of 100 characters fit). */
export const MAX_NOTES_BYTES = 32 * 1024 * 1024;
/** Thumbnails are small: enough to recognise the shot in a spreadsheet or a Markdown viewer. */
export const THUMB_HEIGHT = 180;

const isNotesFile = (file: string) => NOTES_EXTENSIONS.includes(path.extname(file).toLowerCase());

export interface ExportNotesOptions {
  overwrite: boolean;
  /** what to do about an existing file, for the message (the CLI names --force) */
  existsHint?: string;
  /** the main process's own record of a media id, or null (never a path the renderer sent) */
  media: (mediaId: string) => Media | null;
  signal?: AbortSignal;
  onProgress?: (progress: number) => void;
}

export interface ExportNotesResult {
  file: string;
  /** the thumbnails folder, when any thumbnail was written */
  folder: string | null;
  notes: number;
  thumbnails: number;
  /** markers whose frame could not be extracted (a missing file), one line each */
  warnings: string[];
}

/** Where a frame is in a source file, kept inside it (a still has only its one frame). */
function seekSeconds(media: Media, seconds: number): number {
  if (media.kind === 'image') return 0;
  const v = media.probe.streams.find((s) => s.type === 'video');
  const frame = v?.rate ? v.rate.den / v.rate.num : 1 / 30;
  return Math.max(0, Math.min(seconds, media.probe.durationSeconds - frame));
}

export async function exportReviewNotes(project: Project, out: string, options: ExportNotesOptions): Promise<ExportNotesResult> {
  if (!path.isAbsolute(out)) throw new AppError('invalid_input', 'Export review notes to an absolute path.');
  if (!isNotesFile(out)) throw new AppError('invalid_input', `Review notes are written as .csv or .md, not ${path.basename(out)}`);
  if (fs.existsSync(out) && !options.overwrite) throw new AppError('invalid_input', `${out} exists; ${options.existsHint ?? 'choose another name or allow replacing it.'}`);
  const stem = path.basename(out, path.extname(out));
  const folder = path.join(path.dirname(out), thumbsFolderName(stem));
  const plan = planThumbnails(project.timeline, stem);
  const thumbnails = new Map<string, string>();
  const warnings: string[] = [];
  const wanted = plan.filter((p) => p.source !== null);
  if (wanted.length > 0) {
    fs.mkdirSync(folder, { recursive: true });
    // Thumbnails of an earlier export of this file are replaced, not mixed with these.
    for (const f of fs.readdirSync(folder)) if (/^marker-\d{4,}\.jpg$/.test(f)) fs.rmSync(path.join(folder, f), { force: true });
  }
  for (const [i, p] of wanted.entries()) {
    if (options.signal?.aborted) throw new AppError('cancelled', 'Export cancelled');
    const media = options.media(p.source!.mediaId);
    const target = path.join(folder, p.file);
    if (!media || !fs.existsSync(media.path)) {
      warnings.push(`${p.file}: the clip's media is missing`);
    } else {
      try {
        await runFfmpeg(posterArgs(media.path, seekSeconds(media, p.source!.seconds), target, THUMB_HEIGHT), options.signal ? { signal: options.signal } : {});
        if (fs.existsSync(target)) thumbnails.set(p.markerId, p.cell);
        else warnings.push(`${p.file}: ffmpeg wrote no frame`);
      } catch (e) {
        if (e instanceof AppError && e.code === 'cancelled') throw e;
        warnings.push(`${p.file}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    options.onProgress?.((i + 1) / (wanted.length + 1));
  }
  if (wanted.length > 0 && thumbnails.size === 0 && fs.readdirSync(folder).length === 0) fs.rmdirSync(folder);
  const text = /\.csv$/i.test(out) ? notesToCsv(project.timeline, { thumbnails }) : notesToMarkdown(project.timeline, { thumbnails });
  await writeFileAtomic(out, text);
  options.onProgress?.(1);
  return { file: out, folder: thumbnails.size > 0 ? folder : null, notes: plan.length, thumbnails: thumbnails.size, warnings };
}

/** The notes in a .csv or .md file, timecodes read at `rate`; errors name the file and the line. */
export const readReviewNotes = (file: string, rate: Rate): Promise<ReviewNote[]> =>
  readTextTable(file, { what: 'review notes', extensions: NOTES_EXTENSIONS, kinds: '.csv or .md', maxBytes: MAX_NOTES_BYTES, parse: (name, text) => notesFromFile(name, text, rate) });
