// The project the host has open, and every media record it knows by id. The renderer
// owns the editing state; the main process keeps the media registry so derived data
// (peaks, filmstrips, posters) and asset URLs can be resolved by id.
import path from 'node:path';
import type { Media, Project } from '../../../shared/timeline/model';
import { AppError } from '../../../shared/ipc/result';
import { readProjectFile } from './projectFile';
import { loadOtioProject } from './otioLoader';
import { ensureDemoProject } from './demo';

export interface MediaFactory {
  createMedia(file: string): Promise<Media>;
}

export class ProjectService {
  private project: Project | null = null;
  private file: string | null = null;
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
    for (const m of project.media) this.media.set(m.id, m);
  }

  registerMedia(m: Media): void {
    this.media.set(m.id, m);
  }

  getMedia(id: string): Media {
    const m = this.media.get(id);
    if (!m) throw new AppError('not_found', `Unknown media ${id}`);
    return m;
  }

  async open(file: string): Promise<Project> {
    const abs = path.resolve(file);
    const ext = path.extname(abs).toLowerCase();
    let project: Project;
    if (ext === '.otio') {
      const loaded = await loadOtioProject(abs, this.deps.media);
      project = loaded.project;
      this.warnings.splice(0, this.warnings.length, ...loaded.warnings);
    } else if (ext === '.segue' || ext === '.json') {
      project = await readProjectFile(abs);
    } else {
      throw new AppError('invalid_input', `Segue opens .segue projects and .otio timelines, not ${path.basename(abs)}`);
    }
    this.setCurrent(project, ext === '.otio' ? null : abs);
    return project;
  }

  async openDemo(options: { signal?: AbortSignal; onProgress?: (p: number) => void } = {}): Promise<Project> {
    const project = await ensureDemoProject(this.deps.userDataDir, { createMedia: (f) => this.deps.media.createMedia(f), ...options });
    this.setCurrent(project, null);
    return project;
  }
}
