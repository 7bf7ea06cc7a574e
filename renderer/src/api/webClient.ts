// window.segue for browser mode: the same contract over the web host's WebSocket. The
// page was loaded with ?token=…; the host answered with an HttpOnly cookie, so the
// socket and asset requests carry the token without the renderer ever seeing it again.
import type { Channel, EventName, EventOf, InputOf, OutputOf, SegueApi } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import { ASSET_PATH, WS_PATH, type ServerMessage } from '../../../shared/ipc/wire';

type Pending = (result: Result<unknown>) => void;

export type ConnectionState = 'connecting' | 'open' | 'closed';

export function createWebClient(onState?: (s: ConnectionState) => void): SegueApi {
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let ready: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> => {
    if (ready) return ready;
    onState?.('connecting');
    ready = new Promise((resolve, reject) => {
      const url = new URL(WS_PATH, location.href);
      url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
      url.search = '';
      const ws = new WebSocket(url);
      ws.onopen = () => {
        socket = ws;
        onState?.('open');
        resolve(ws);
      };
      ws.onmessage = (ev) => {
        const msg = JSON.parse(String(ev.data)) as ServerMessage;
        if (msg.type === 'result') {
          pending.get(msg.id)?.(msg.result as Result<unknown>);
          pending.delete(msg.id);
        } else if (msg.type === 'event') {
          listeners.get(msg.event)?.forEach((l) => l(msg.payload));
        }
      };
      ws.onclose = () => {
        socket = null;
        ready = null;
        onState?.('closed');
        for (const [, settle] of pending) settle({ ok: false, error: { code: 'not_available', message: 'Lost the connection to the Segue host.' } });
        pending.clear();
        reject(new Error('closed'));
        // Reconnect while anyone listens for events, so progress keeps flowing after a host blip.
        if ([...listeners.values()].some((s) => s.size > 0)) setTimeout(() => void connect().catch(() => undefined), 1000);
      };
    });
    return ready;
  };

  return {
    transport: 'web',
    async invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
      let ws: WebSocket;
      try {
        ws = socket ?? (await connect());
      } catch {
        return { ok: false, error: { code: 'not_available', message: 'Cannot reach the Segue host. Is `segue web` still running?' } };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as Pending);
        ws.send(JSON.stringify({ type: 'invoke', id, channel, input }));
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (p: unknown) => void;
      set.add(l);
      void connect().catch(() => undefined);
      return () => set.delete(l);
    },
    assetUrl: (assetId: string) => `${ASSET_PATH}${encodeURIComponent(assetId)}`,
  };
}
