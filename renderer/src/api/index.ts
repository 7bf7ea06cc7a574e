// The renderer's only door to the main process. It does not know which transport it has:
// Electron's preload puts `segue` on window; in a browser we build the WebSocket client.
import type { SegueApi } from '../../../shared/ipc/contract';
import { createWebClient, type ConnectionState } from './webClient';

declare global {
  interface Window {
    segue?: SegueApi;
  }
}

let api: SegueApi | null = null;
const stateListeners = new Set<(s: ConnectionState) => void>();

export function getApi(): SegueApi {
  if (!api) api = window.segue ?? createWebClient((s) => stateListeners.forEach((l) => l(s)));
  return api;
}

export function onConnectionState(listener: (s: ConnectionState) => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

/** For tests and stories: run the renderer against any implementation of the contract. */
export function setApi(next: SegueApi): void {
  api = next;
}

export type { ConnectionState };
