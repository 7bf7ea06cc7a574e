// The web host: the same handler table as Electron IPC, served over loopback HTTP +
// WebSocket so the real renderer runs in an ordinary browser (browser mode, e2e tests).
//
// Security: binds 127.0.0.1 only; a random token must accompany every request and the
// socket (query on first load, then an HttpOnly SameSite=Strict cookie, or a Bearer
// header); Host and Origin are checked against the loopback address to defeat DNS
// rebinding; there is no route that reads arbitrary files: static files come from the
// built renderer folder and /asset/<id> only serves what the main process registered.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch } from '../shared/ipc/dispatch';
import { events, type EventName, type EventOf } from '../shared/ipc/contract';
import { ASSET_PATH, ClientMessageSchema, MAX_CLIENT_MESSAGE_BYTES, TOKEN_COOKIE, WS_PATH, type ServerMessage } from '../shared/ipc/wire';
import { forwardEvents, type Services } from './services';
import { createHandlers, type CallContext } from './handlers';
import { openAsset } from './services/assets';

export interface WebHostOptions {
  port?: number;
  token?: string;
  /** folder with the built renderer (index.html) */
  staticDir: string;
  log?: (line: string) => void;
  checkOutput?: boolean;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  emit<E extends EventName>(event: E, payload: EventOf<E>): void;
  close(): Promise<void>;
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

export function tokensEqual(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request presents: ?token=, Authorization: Bearer, or the cookie. */
export function presentedToken(req: http.IncomingMessage, url: URL): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  return url.searchParams.get('token') ?? parseCookies(req.headers.cookie)[TOKEN_COOKIE];
}

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export async function startWebHost(services: Services, options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.log ?? (() => undefined);
  const handlers = createHandlers(services);
  const staticRoot = path.resolve(options.staticDir);
  const sockets = new Set<WebSocket>();
  let port = 0;

  const deny = (res: http.ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`${text}\n`);
  };

  const checkRequest = (req: http.IncomingMessage): { url: URL } | { status: number; text: string } => {
    const host = req.headers.host ?? '';
    if (!allowedHosts(port).has(host)) return { status: 421, text: 'Segue only answers on its loopback address.' };
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts(port).has(origin.replace(/^http:\/\//, '')) ) {
      return { status: 403, text: 'Cross-origin requests are refused.' };
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (!tokensEqual(presentedToken(req, url), token)) {
      return { status: 401, text: 'Segue needs the token printed when the host started (open the full URL it printed).' };
    }
    return { url };
  };

  const serveStatic = async (res: http.ServerResponse, pathname: string) => {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return deny(res, 400, 'Bad path');
    }
    if (rel.includes('\0')) return deny(res, 400, 'Bad path');
    const file = path.resolve(staticRoot, `.${rel === '/' ? '/index.html' : rel}`);
    if (file !== staticRoot && !file.startsWith(staticRoot + path.sep)) return deny(res, 403, 'Forbidden');
    let real: string;
    try {
      real = await fs.promises.realpath(file);
    } catch {
      return deny(res, 404, 'Not found');
    }
    if (!real.startsWith(staticRoot + path.sep)) return deny(res, 403, 'Forbidden');
    const type = STATIC_TYPES[path.extname(real)] ?? 'application/octet-stream';
    const body = await fs.promises.readFile(real).catch(() => null);
    if (!body) return deny(res, 404, 'Not found');
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': body.length,
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'no-cache',
    });
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const checked = checkRequest(req);
      if (!('url' in checked)) return deny(res, checked.status, checked.text);
      const { url } = checked;
      if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed');
      // First load with ?token=: keep the token in an HttpOnly cookie and drop it from the address bar.
      if (url.searchParams.has('token')) {
        url.searchParams.delete('token');
        res.writeHead(303, {
          'Set-Cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
          Location: `${url.pathname}${url.search}`,
          'Cache-Control': 'no-store',
        });
        return res.end();
      }
      if (url.pathname.startsWith(ASSET_PATH)) {
        const id = decodeURIComponent(url.pathname.slice(ASSET_PATH.length));
        const asset = await openAsset(services.assets.resolve(id), req.headers.range);
        if (!asset.body) return deny(res, asset.status, asset.status === 416 ? 'Range not satisfiable' : 'Not found');
        res.writeHead(asset.status, asset.headers);
        if (req.method === 'HEAD') {
          asset.body.destroy();
          return res.end();
        }
        asset.body.pipe(res);
        res.on('close', () => asset.body?.destroy());
        return;
      }
      return serveStatic(res, url.pathname);
    })().catch((e) => {
      log(`web host error: ${(e as Error).message}`);
      if (!res.headersSent) deny(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });

  server.on('upgrade', (req, socket, head) => {
    const checked = checkRequest(req);
    const url = 'url' in checked ? checked.url : null;
    // Browsers always send Origin on a WebSocket handshake: require it to be ours.
    if (!url || url.pathname !== WS_PATH || req.headers.origin === undefined) {
      const status = 'status' in checked ? checked.status : 403;
      socket.write(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    const controller = new AbortController();
    const ctx: CallContext = { signal: controller.signal };
    ws.on('close', () => {
      sockets.delete(ws);
      controller.abort();
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      let msg;
      try {
        msg = ClientMessageSchema.parse(JSON.parse(String(data)));
      } catch {
        return ws.close(1008, 'malformed message');
      }
      void dispatch(handlers, msg.channel, msg.input, ctx, {
        checkOutput: options.checkOutput ?? false,
        onInternalError: (channel, error) => log(`${channel} failed: ${(error as Error)?.stack ?? String(error)}`),
      }).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id: msg.id, result } satisfies ServerMessage));
      });
    });
  });

  const emit = <E extends EventName>(event: E, payload: EventOf<E>) => {
    const checked = events[event].safeParse(payload);
    if (!checked.success) return log(`dropped invalid ${event} event`);
    const text = JSON.stringify({ type: 'event', event, payload: checked.data } satisfies ServerMessage);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  };
  const unsubscribe = forwardEvents(services, emit);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    emit,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
