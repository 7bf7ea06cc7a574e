import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createServices, type Services } from '../../../electron/services';
import { startWebHost, type WebHost } from '../../../electron/webHost';
import { request } from '../../helpers/http';

let dir: string;
let services: Services;
let host: WebHost;
let cookie: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segue-host-'));
  const staticDir = path.join(dir, 'static');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(staticDir, 'assets', 'link.js'));
  services = createServices({ host: { transport: 'web' }, userDataDir: path.join(dir, 'user') });
  host = await startWebHost(services, { staticDir, checkOutput: true });
  cookie = `segue_token=${encodeURIComponent(host.token)}`;
});

afterAll(async () => {
  await host?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function connect(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function invoke(ws: WebSocket, channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const id = Math.floor(Math.random() * 1e9);
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data));
      if (msg.type === 'result' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'invoke', id, channel, input }));
  });
}

describe('web host', () => {
  it('listens on the loopback address only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses requests without the token or with a wrong one', async () => {
    expect((await request(host.port, '/')).status).toBe(401);
    expect((await request(host.port, '/assets/app.js')).status).toBe(401);
    expect((await request(host.port, '/?token=wrong')).status).toBe(401);
    expect((await request(host.port, '/', { cookie: 'segue_token=nope' })).status).toBe(401);
  });

  it('trades the token in the URL for an HttpOnly cookie and serves the app with a CSP', async () => {
    const first = await request(host.port, `/?token=${host.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(String(first.headers['set-cookie'])).toMatch(/segue_token=.*HttpOnly; SameSite=Strict/);
    const page = await request(host.port, '/', { cookie });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body.toString()).toContain('<title>t</title>');
    const bearer = await request(host.port, '/assets/app.js', { authorization: `Bearer ${host.token}` });
    expect(bearer.status).toBe(200);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect((await request(host.port, '/', { cookie, host: `evil.example:${host.port}` })).status).toBe(421);
    expect((await request(host.port, '/', { cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await request(host.port, '/', { cookie, host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('serves no file outside the built renderer, however the path is spelled', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/link.js', '/%00', '/etc/passwd']) {
      const r = await request(host.port, p, { cookie });
      expect([400, 403, 404]).toContain(r.status);
      expect(r.body.toString()).not.toContain('do not serve');
    }
  });

  it('only serves registered assets, with byte ranges', async () => {
    const file = path.join(dir, 'clip.bin');
    fs.writeFileSync(file, Buffer.from('0123456789'));
    expect((await request(host.port, '/asset/unknown', { cookie })).status).toBe(404);
    const id = services.assets.register(file);
    const whole = await request(host.port, `/asset/${id}`, { cookie });
    expect(whole.status).toBe(200);
    expect(whole.body.toString()).toBe('0123456789');
    const part = await request(host.port, `/asset/${id}`, { cookie, range: 'bytes=2-4' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 2-4/10');
    expect(part.body.toString()).toBe('234');
    expect((await request(host.port, `/asset/${id}`, { cookie, range: 'bytes=20-' })).status).toBe(416);
    expect((await request(host.port, `/asset/${id}`)).status).toBe(401);
  });

  it('allows only GET and HEAD', async () => {
    expect((await request(host.port, '/', { cookie }, 'POST')).status).toBe(405);
    expect((await request(host.port, '/', { cookie }, 'DELETE')).status).toBe(405);
  });

  it('refuses a WebSocket without the token or from a foreign origin', async () => {
    const origin = `http://127.0.0.1:${host.port}`;
    await expect(connect({ origin })).rejects.toThrow(/401/);
    await expect(connect({ origin: 'http://evil.example', cookie })).rejects.toThrow(/403/);
    await expect(connect({ cookie })).rejects.toThrow(/403/);
  });

  it('serves the handler table over the socket and rejects bad input cleanly', async () => {
    const ws = await connect({ origin: `http://127.0.0.1:${host.port}`, cookie });
    const info = await invoke(ws, 'app:info', {});
    expect(info.ok).toBe(true);
    expect(info.value).toMatchObject({ name: 'Segue', transport: 'web' });
    const bad = await invoke(ws, 'media:probe', { path: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unknown = await invoke(ws, 'fs:delete', { path: '/' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1008);
  });
});
