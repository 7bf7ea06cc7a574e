// API keys in the desktop app: encrypted with Electron's safeStorage (the system keychain
// / DPAPI / libsecret) in the user data folder. Where the system offers no encryption
// (a Linux session without a keyring), the 0600 file of the CLI and browser mode is used.
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { fileSecretStore, type SecretStore } from './services/generation/settings';

export function safeStorageSecrets(userDataDir: string): SecretStore {
  if (!safeStorage.isEncryptionAvailable()) return fileSecretStore(userDataDir);
  const file = path.join(userDataDir, 'secrets', 'remote-api-key.enc');
  return {
    get: () => {
      try {
        return safeStorage.decryptString(fs.readFileSync(file)) || null;
      } catch {
        return null;
      }
    },
    set: (key) => {
      if (key === null) return fs.rmSync(file, { force: true });
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, safeStorage.encryptString(key), { mode: 0o600 });
    },
  };
}
