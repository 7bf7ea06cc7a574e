// Provider settings (which server, which model, extra fields, a budget) and the API key.
// Settings are a JSON file in the user data folder. The key never leaves the main
// process: Electron keeps it with safeStorage (the host passes a SecretStore); the CLI
// and browser mode read OPENAI_API_KEY or a 0600 file beside the settings.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../project/projectFile';
import { DEFAULT_SETTINGS, ProviderSettingsSchema, type ProviderSettings } from '../../../shared/generation/providerSettings';

export { DEFAULT_SETTINGS, ProviderSettingsSchema, type ProviderSettings };

/** Where a key is kept: Electron's safeStorage in the desktop app. */
export interface SecretStore {
  get(): string | null;
  set(key: string | null): void;
}

/** A 0600 file in the user data folder (CLI and browser mode). */
export function fileSecretStore(userDataDir: string): SecretStore {
  const file = path.join(userDataDir, 'secrets', 'remote-api-key');
  return {
    get: () => {
      try {
        return fs.readFileSync(file, 'utf8').trim() || null;
      } catch {
        return null;
      }
    },
    set: (key) => {
      if (key === null) {
        fs.rmSync(file, { force: true });
        return;
      }
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, key, { mode: 0o600 });
      fs.chmodSync(file, 0o600);
    },
  };
}

export class ProviderSettingsStore {
  private readonly file: string;
  constructor(
    userDataDir: string,
    private readonly secrets: SecretStore,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.file = path.join(userDataDir, 'providers.json');
  }

  private transient: ProviderSettings | null = null;

  /** Settings for this process only (the CLI's flags), never written to disk. */
  useForThisRun(settings: ProviderSettings): void {
    this.transient = ProviderSettingsSchema.parse(settings);
  }

  get(): ProviderSettings {
    if (this.transient) return this.transient;
    try {
      const parsed = ProviderSettingsSchema.safeParse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // missing or unreadable: defaults
    }
    return DEFAULT_SETTINGS;
  }

  async set(settings: ProviderSettings): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(ProviderSettingsSchema.parse(settings), null, 1));
  }

  /** OPENAI_API_KEY wins (the CLI's documented way); else the stored key. */
  apiKey(): string | null {
    return this.env.OPENAI_API_KEY?.trim() || this.secrets.get();
  }

  keySource(): 'env' | 'stored' | null {
    if (this.env.OPENAI_API_KEY?.trim()) return 'env';
    return this.secrets.get() ? 'stored' : null;
  }

  setApiKey(key: string | null): void {
    this.secrets.set(key);
  }
}
