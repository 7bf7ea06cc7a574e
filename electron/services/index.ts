// The services of the main process, built once per host (Electron window, web host,
// CLI, tests) and handed to the handler table.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { AssetRegistry } from './assets';
import { JobManager } from './jobs';
import { MediaService } from './media/mediaService';
import { ProxyService } from './media/proxies';
import { ProjectService } from './project/projectService';
import { cacheDir, userDataDir as defaultUserDataDir } from './paths';

const require = createRequire(import.meta.url);

import { PreviewService } from './render/previewService';
import { GenerationService, type LocalEngine } from './generation/generationService';
import { fileSecretStore, ProviderSettingsStore, type SecretStore } from './generation/settings';
import { createOpenAiProvider } from './generation/openaiProvider';
import { extractFrame, measureSeam, renderLocal } from './generation/localProvider';
import type { EventName, EventOf } from '../../shared/ipc/contract';
import type { RemoteProvider } from './generation/types';

export interface HostCapabilities {
  transport: 'electron' | 'web';
  /** native open dialog (Electron only) */
  openMediaDialog?: () => Promise<string[] | null>;
  openProjectDialog?: () => Promise<string | null>;
  saveProjectDialog?: (name: string) => Promise<string | null>;
  /** where API keys are kept (Electron: safeStorage); default a 0600 file in the user data folder */
  secrets?: SecretStore;
}

/** Test seams: the remote provider factory and the local engine. */
export interface ServiceOverrides {
  makeRemote?: (o: { baseURL: string; apiKey: string; model: string }) => RemoteProvider;
  local?: LocalEngine;
  poll?: { minMs: number; maxMs: number };
  env?: NodeJS.ProcessEnv;
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
  /** review proxies (a project opened for review plays from these) */
  readonly proxies: ProxyService;
  readonly providerSettings: ProviderSettingsStore;
  readonly generation: GenerationService;
}

export function appVersion(): string {
  return (require('../../package.json') as { version: string }).version;
}

export const defaultLocalEngine: LocalEngine = { render: renderLocal, extractFrame, measureSeam };

export function createServices(options: { host: HostCapabilities; userDataDir?: string; overrides?: ServiceOverrides }): Services {
  const userDataDir = options.userDataDir ?? defaultUserDataDir();
  fs.mkdirSync(userDataDir, { recursive: true });
  const jobs = new JobManager();
  const media = new MediaService({ cacheDir: cacheDir(userDataDir), jobs });
  const projects = new ProjectService({ media, userDataDir });
  const o = options.overrides ?? {};
  const providerSettings = new ProviderSettingsStore(userDataDir, options.host.secrets ?? fileSecretStore(userDataDir), o.env ?? process.env);
  const generation = new GenerationService({
    jobs,
    projects,
    media,
    settings: providerSettings,
    userDataDir,
    local: o.local ?? defaultLocalEngine,
    makeRemote: o.makeRemote ?? ((c) => createOpenAiProvider({ baseURL: c.baseURL, apiKey: c.apiKey, model: c.model })),
    ...(o.poll ? { poll: o.poll } : {}),
  });
  return {
    userDataDir,
    version: appVersion(),
    host: options.host,
    jobs,
    assets: new AssetRegistry(),
    media,
    projects,
    preview: new PreviewService(cacheDir(userDataDir)),
    proxies: new ProxyService(cacheDir(userDataDir), jobs),
    providerSettings,
    generation,
  };
}

/** Pushes the services' events to a transport (Electron IPC or the web host's sockets); returns an unsubscribe. */
export function forwardEvents(s: Services, emit: <E extends EventName>(e: E, p: EventOf<E>) => void): () => void {
  const offJobs = s.jobs.onProgress((p) => emit('job:progressed', p));
  const landed = new Set<string>();
  const offGen = s.generation.onUpdate((g) => {
    emit('generation:updated', g);
    for (const t of g.takes) {
      if (t.media && !landed.has(t.mediaId)) {
        landed.add(t.mediaId);
        emit('media:updated', { mediaId: t.mediaId });
      }
    }
  });
  return () => {
    offJobs();
    offGen();
  };
}
