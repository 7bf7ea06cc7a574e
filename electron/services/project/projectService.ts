// The project the host has open, and every media record it knows by id. The renderer
// owns the editing state; the main process keeps the media registry so derived data
// (peaks, filmstrips, posters) and asset URLs can be resolved by id.
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Media, Project } from '../../../shared/timeline/model';
import { AppError } from '../../../shared/ipc/result';
import fs from 'node:fs';
import { parseProject, readProjectFile, writeFileAtomic, writeProjectFile } from './projectFile';
import { backupName, backupTime, backupsToDelete } from '../../../shared/project/retention';
import { timelineFrames } from '../../../shared/timeline/layout';
import { loadOtioProject } from './otioLoader';
import { loadEdlProject } from './edlLoader';
import { loadXmlProject } from './xmlLoader';
import type { Rate } from '../../../shared/timeline/time';

type Loader = (file: string, media: MediaFactory, rate: Rate, userDataDir: string) => Promise<{ project: Project; warnings: string[] }>;

/** Other applications' timelines, by extension; each opens as a new, unsaved project. */
const FOREIGN: Record<string, Loader> = {
  '.otio': (file, media) => loadOtioProject(file, media),
  // OpenTimelineIO bundles: a zip and a folder holding content.otio and its media.
  '.otioz': (file, media, _rate, userDataDir) => loadOtioProject(file, { createMedia: (f) => media.createMedia(f), unpackDir: path.join(userDataDir, 'unpacked') }),
  '.otiod': (file, media) => loadOtioProject(file, media),
  '.edl': (file, media, rate) => loadEdlProject(file, rate, media),
  '.xml': (file, media) => loadXmlProject(file, media),
  '.fcpxml': (file, media) => loadXmlProject(file, media),
  '.fcpxmld': (file, media) => loadXmlProject(file, media),
};

/** Extensions `open` reads (the renderer lists shared/interchange/formats.ts OPEN_EXTENSIONS; a test keeps them equal). */
export const OPENABLE = ['.segue', ...Object.keys(FOREIGN)];
import { ensureDemoProject } from './demo';

export interface MediaFactory {
  createMedia(file: string): Promise<Media>;
}

export class ProjectService {
  private project: Project | null = null;
  private file: string | null = null;
  /** the file opened for review (read-only): never written, saved only as a copy */
  private reviewing: string | null = null;
  private readonly media = new Map<string, Media>();
  readonly warnings: string[] = [];

  constructor(private readonly deps: { media: MediaFactory; userDataDir: string }) {}

  get current(): Project | null {
    return this.project;
  }

  get currentFile(): string | null {
    return this.file;
  }

  setCurrent(project: Project, file: string | null): void {
    this.project = project;
    this.file = file;
    this.reviewing = null;
    for (const m of project.media) this.media.set(m.id, m);
  }

  /** Whether the current project is open for review (read-only). */
  get review(): boolean {
    return this.reviewing !== null;
  }

  /** The file open for review, or null. */
  get reviewFile(): string | null {
    return this.reviewing;
  }

  /**
   * Opens a project read-only, for review: the same loading as open(), but the file is
   * never written (a save is refused, Save As writes a copy that becomes a normal project)
   * and its autosave goes to a review autosave in the user data folder, so nothing beside
   * the original changes either.
   */
  async openReview(file: string): Promise<Project> {
    const abs = path.resolve(file);
    const project = await this.open(abs);
    this.reviewing = abs;
    return project;
  }

  /** Refuses a save onto the file under review (or, in review, a save with no new path). */
  private refuseReviewTarget(target: string | null): void {
    if (!this.reviewing) return;
    const real = (p: string) => {
      try {
        return fs.realpathSync(p);
      } catch {
        return p;
      }
    };
    if (target === null || real(target) === real(this.reviewing) || (this.file !== null && real(target) === real(this.file))) {
      throw new AppError('forbidden', 'This project is open for review (read-only)');
    }
  }

  registerMedia(m: Media): void {
    this.media.set(m.id, m);
  }

  getMedia(id: string): Media {
    const m = this.media.get(id);
    if (!m) throw new AppError('not_found', `Unknown media ${id}`);
    return m;
  }

  /**
   * Saves the renderer's document to `file` (or the current file): atomically, then the
   * autosave is no longer needed. The renderer's media records are written as they are
   * but never registered here: what the main process reads stays what it imported.
   */
  async save(project: Project, file?: string): Promise<{ path: string; savedAt: string }> {
    this.refuseReviewTarget(file ? path.resolve(file) : null);
    const target = file ? path.resolve(file) : this.file;
    if (!target) throw new AppError('invalid_input', 'This project has not been saved yet: choose where to save it (File › Save As).');
    if (path.extname(target).toLowerCase() !== '.segue') throw new AppError('invalid_input', 'Save projects as .segue files.');
    await this.backUp(target);
    await writeProjectFile(target, project);
    this.remember(target);
    const oldAutosave = this.autosavePath(project.id);
    this.project = project;
    this.file = target;
    this.reviewing = null; // the copy of a reviewed project is a normal, editable one
    for (const f of new Set([oldAutosave, this.autosavePath(project.id)])) fs.rmSync(f, { force: true });
    return { path: target, savedAt: new Date().toISOString() };
  }

  /** The folder of a saved project's rolling backups (in its data folder). */
  backupsDir(file = this.file): string | null {
    return file ? path.join(path.dirname(file), `${path.basename(file, path.extname(file))}.segue-data`, 'backups') : null;
  }

  /** Copies the file about to be replaced into the backups and thins them out (last 20, hourly, daily). */
  private async backUp(file: string): Promise<void> {
    const dir = this.backupsDir(file)!;
    if (!fs.existsSync(file)) return;
    try {
      await fs.promises.mkdir(dir, { recursive: true });
      const now = Date.now();
      await fs.promises.copyFile(file, path.join(dir, backupName(now)));
      const times = fs.readdirSync(dir).flatMap((n) => {
        const t = backupTime(n);
        return t === null ? [] : [t];
      });
      for (const t of backupsToDelete(times, now)) await fs.promises.rm(path.join(dir, backupName(t)), { force: true });
    } catch (e) {
      // A backup that cannot be made must not stop the save itself.
      this.warnings.push(`Could not back up ${path.basename(file)}: ${(e as Error).message}`);
    }
  }

  /** The current project's backups, newest first, with enough to preview them. */
  backups(): { name: string; savedAt: string; projectName: string; clips: number; frames: number; damaged: boolean }[] {
    const dir = this.backupsDir();
    if (!dir || !fs.existsSync(dir)) return [];
    const out = [];
    for (const n of fs.readdirSync(dir).sort().reverse()) {
      const t = backupTime(n);
      if (t === null) continue;
      let project: Project | null = null;
      try {
        project = parseProject(fs.readFileSync(path.join(dir, n), 'utf8'), n);
      } catch {
        // listed as damaged (no preview, cannot be restored)
      }
      const clips = project ? project.timeline.tracks.reduce((k, tr) => k + tr.items.filter((i) => i.kind === 'clip').length, 0) : 0;
      out.push({ name: n, savedAt: new Date(t).toISOString(), projectName: project?.name ?? '(damaged)', clips, frames: project ? timelineFrames(project.timeline) : 0, damaged: project === null });
    }
    return out;
  }

  /** A backup of the current project by its name (never a path from outside the backups folder). */
  async loadBackup(name: string): Promise<Project> {
    const dir = this.backupsDir();
    if (!dir || backupTime(name) === null) throw new AppError('invalid_input', 'No such backup');
    return readProjectFile(path.join(dir, name));
  }

  /** Where the autosave of a project lives: beside its file, else in the user data folder. */
  autosavePath(projectId: string): string {
    if (this.reviewing) {
      // In the user data folder, by the reviewed file's path: never beside the original.
      const tag = createHash('sha1').update(this.reviewing).digest('hex').slice(0, 16);
      return path.join(this.deps.userDataDir, 'review-autosave', `${tag}.segue`);
    }
    if (this.file) return path.join(path.dirname(this.file), `.${path.basename(this.file)}.autosave`);
    return path.join(this.deps.userDataDir, 'autosave', `${projectId.replace(/[^A-Za-z0-9_-]/g, '_')}.segue`);
  }

  async autosave(project: Project): Promise<{ path: string }> {
    const target = this.autosavePath(project.id);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await writeProjectFile(target, project);
    return { path: target };
  }

  /** An autosave of the current project newer than its file (after a crash), if any. */
  recovery(): { path: string; autosavedAt: string; savedAt: string | null; name: string; clips: number; savedClips: number | null } | null {
    const p = this.project;
    if (!p) return null;
    const auto = this.autosavePath(p.id);
    let autoStat: fs.Stats;
    try {
      autoStat = fs.statSync(auto);
    } catch {
      return null;
    }
    const fileStat = this.file ? fs.statSync(this.file, { throwIfNoEntry: false }) : undefined;
    if (fileStat && fileStat.mtimeMs >= autoStat.mtimeMs) return null;
    const clips = (x: Project) => x.timeline.tracks.reduce((n, t) => n + t.items.filter((i) => i.kind === 'clip').length, 0);
    let recovered: Project;
    try {
      recovered = parseProject(fs.readFileSync(auto, 'utf8'), path.basename(auto));
    } catch {
      return null; // a damaged autosave is not offered (the project file is intact)
    }
    return { path: auto, autosavedAt: autoStat.mtime.toISOString(), savedAt: fileStat ? fileStat.mtime.toISOString() : null, name: recovered.name, clips: clips(recovered), savedClips: this.file ? clips(p) : null };
  }

  /** The autosave's document, to continue editing (it becomes the current document, unsaved). */
  async recover(): Promise<Project> {
    const r = this.recovery();
    if (!r) throw new AppError('not_found', 'There is no newer autosave to recover.');
    return readProjectFile(r.path);
  }

  discardRecovery(): void {
    if (this.project) fs.rmSync(this.autosavePath(this.project.id), { force: true });
  }

  /** Recently opened or saved projects, newest first (files that still exist). */
  recent(): string[] {
    try {
      const list = JSON.parse(fs.readFileSync(path.join(this.deps.userDataDir, 'recent.json'), 'utf8')) as unknown;
      return Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string' && fs.existsSync(f)).slice(0, 10) : [];
    } catch {
      return [];
    }
  }

  private remember(file: string): void {
    const list = [file, ...this.recent().filter((f) => f !== file)].slice(0, 10);
    void writeFileAtomic(path.join(this.deps.userDataDir, 'recent.json'), JSON.stringify(list, null, 1)).catch(() => undefined);
  }

  /**
   * A Segue project, or another application's timeline as a new unsaved project:
   * OpenTimelineIO, CMX 3600 EDL (at `rate`, default 24: EDLs state none), Final Cut Pro 7
   * XML or FCPXML. Import warnings (offline media, approximations) land in `warnings`.
   */
  async open(file: string, options: { rate?: Rate } = {}): Promise<Project> {
    const abs = path.resolve(file);
    const ext = path.extname(abs).toLowerCase();
    if (ext === '.segue' || ext === '.json') {
      const project = await readProjectFile(abs);
      this.warnings.splice(0, this.warnings.length);
      this.setCurrent(project, abs);
      this.remember(abs);
      return project;
    }
    const load = FOREIGN[ext];
    if (!load) throw new AppError('invalid_input', `Segue opens .segue projects and ${Object.keys(FOREIGN).join(', ')} timelines, not ${path.basename(abs)}`);
    const loaded = await load(abs, this.deps.media, options.rate ?? { num: 24, den: 1 }, this.deps.userDataDir);
    this.warnings.splice(0, this.warnings.length, ...loaded.warnings);
    this.setCurrent(loaded.project, null);
    this.remember(abs);
    return loaded.project;
  }

  async openDemo(options: { signal?: AbortSignal; onProgress?: (p: number) => void } = {}): Promise<Project> {
    const project = await ensureDemoProject(this.deps.userDataDir, { createMedia: (f) => this.deps.media.createMedia(f), ...options });
    this.setCurrent(project, null);
    return project;
  }
}
