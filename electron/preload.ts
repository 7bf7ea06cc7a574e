// The preload exposes only the typed contract: invoke a channel, listen to an event,
// and build an asset URL. Sandboxed: it may import nothing but `electron`.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const INVOKE = 'segue:invoke';
const EVENT = 'segue:event';

contextBridge.exposeInMainWorld('segue', {
  transport: 'electron',
  invoke: (channel: string, input: unknown) => ipcRenderer.invoke(INVOKE, channel, input),
  on: (event: string, listener: (payload: unknown) => void) => {
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT, handler);
    return () => ipcRenderer.removeListener(EVENT, handler);
  },
  assetUrl: (assetId: string) => `segue-asset://asset/${encodeURIComponent(assetId)}`,
});
