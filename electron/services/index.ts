// The services of the main process, built once per host (Electron window, web host,
// CLI, tests) and handed to the handler table.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { AssetRegistry } from './assets';
import { JobManager } from './jobs';
import { MediaService } from './media/mediaService';
import { ProjectService } from './project/projectService';
import { cacheDir, userDataDir as defaultUserDataDir } from './paths';

const require = createRequire(import.meta.url);

import { PreviewService } from './render/previewService';

export interface HostCapabilities {
  transport: 'electron' | 'web';
  /** native open dialog (Electron only) */
  openMediaDialog?: () => Promise<string[] | null>;
  openProjectDialog?: () => Promise<string | null>;
}

export interface Services {
  readonly userDataDir: string;
  readonly version: string;
  readonly host: HostCapabilities;
  readonly jobs: JobManager;
  readonly assets: AssetRegistry;
  readonly media: MediaService;
  readonly projects: ProjectService;
  readonly preview: PreviewService;
}

export function appVersion(): string {
  return (require('../../package.json') as { version: string }).version;
}

export function createServices(options: { host: HostCapabilities; userDataDir?: string }): Services {
  const userDataDir = options.userDataDir ?? defaultUserDataDir();
  fs.mkdirSync(userDataDir, { recursive: true });
  const jobs = new JobManager();
  const media = new MediaService({ cacheDir: cacheDir(userDataDir), jobs });
  return {
    userDataDir,
    version: appVersion(),
    host: options.host,
    jobs,
    assets: new AssetRegistry(),
    media,
    projects: new ProjectService({ media, userDataDir }),
    preview: new PreviewService(cacheDir(userDataDir)),
  };
}
