// Starts the real `segue web` command as a child process and drives the real renderer
// in Debian's Chromium with playwright-core: the path a user takes in browser mode.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const segueBin = path.join(repoRoot, 'bin', 'segue.js');

export interface RunningHost {
  url: string;
  process: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

export async function startSegueWeb(args: string[], env: Record<string, string> = {}): Promise<RunningHost> {
  const child = spawn(process.execPath, [segueBin, 'web', '--port', '0', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`segue web did not start in time:\n${stderr}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /Segue is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`segue web exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    process: child,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export const chromiumPath = (): string => process.env.SEGUE_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: apt-get install -y chromium (or set SEGUE_CHROMIUM)`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
}

/** Collects page errors so a test can assert the app did not throw. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

export function tempDir(prefix = 'segue-e2e-'): string {
  const root = path.join(repoRoot, 'tests', '.tmp');
  fs.mkdirSync(root, { recursive: true });
  return fs.mkdtempSync(path.join(root, prefix));
}

export const screenshotsDir = (): string => {
  const d = path.join(repoRoot, 'tests', '.tmp', 'screenshots');
  fs.mkdirSync(d, { recursive: true });
  return d;
};

export interface Editor {
  host: RunningHost;
  browser: Browser;
  page: Page;
  errors: string[];
}

/** `segue web` on a project with its own user data folder, Chromium on it, the timeline shown. */
export async function openEditor(project: string, userData: string, viewport = { width: 1400, height: 850 }, args: string[] = []): Promise<Editor> {
  const host = await startSegueWeb([project, ...args], { SEGUE_USER_DATA: userData });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport });
  const errors = watchErrors(page);
  await page.goto(host.url);
  await page.locator('[data-testid="timeline-clip"]').first().waitFor();
  return { host, browser, page, errors };
}

/** What every browser test leaves behind: the browser, the host, its temp folder. */
export async function tearDown(browser: Browser | undefined, host: RunningHost | undefined, dir: string | undefined): Promise<void> {
  await browser?.close();
  await host?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `segue ARGS` run to the end, with its own user data folder. */
export function segueSync(userData: string, args: string[]): CliResult {
  const r = spawnSync(process.execPath, [segueBin, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, SEGUE_USER_DATA: userData } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `segue ARGS` in the background (a fake server in this process can answer it), with no API key unless `env` gives one. */
export function segueAsync(userData: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [segueBin, ...args], { cwd: repoRoot, env: { ...process.env, SEGUE_USER_DATA: userData, OPENAI_API_KEY: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
