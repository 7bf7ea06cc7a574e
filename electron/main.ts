// The Electron shell: one window with secure defaults, the application menu, native
// dialogs, the asset protocol, and IPC over the shared handler table. Everything else
// lives in services, which the CLI and the web host use too.
import { app, BrowserWindow, Menu, dialog, protocol, session, type MenuItemConstructorOptions } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createServices, type Services } from './services';
import { setupIpc } from './ipc';
import { safeStorageSecrets } from './secrets';
import { assetForUrl, openAsset } from './services/assets';
import { MEDIA_EXTENSIONS } from './services/fs/listDir';
import { OPEN_EXTENSIONS } from '../shared/interchange/formats';
import { ensureRendererBuilt, rendererDist } from './services/rendererBuild';

const ASSET_SCHEME = 'segue-asset';
protocol.registerSchemesAsPrivileged([
  { scheme: ASSET_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
]);

interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

function loadWindowState(file: string): WindowState {
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<WindowState>;
    if (typeof s.width === 'number' && typeof s.height === 'number') {
      return { ...s, width: Math.max(900, s.width), height: Math.max(600, s.height), maximized: !!s.maximized } as WindowState;
    }
  } catch {
    // first run or a damaged file: use defaults
  }
  return { width: 1600, height: 960, maximized: false };
}

function saveWindowState(file: string, win: BrowserWindow): void {
  const b = win.getNormalBounds();
  const state: WindowState = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
  try {
    fs.writeFileSync(file, JSON.stringify(state));
  } catch {
    // losing the window position is not worth bothering the user about
  }
}

function buildMenu(send: (action: string) => void): Menu {
  const isMac = process.platform === 'darwin';
  const item = (label: string, action: string, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(action),
  });
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        // The renderer opens files: it asks before replacing unsaved changes and gives an EDL its rate.
        item('Open Project…', 'file.openProject', 'CmdOrCtrl+O'),
        item('Open for Review…', 'file.openReview'),
        item('Save', 'file.save', 'CmdOrCtrl+S'),
        item('Save As…', 'file.saveAs', 'CmdOrCtrl+Shift+S'),
        { type: 'separator' },
        item('Import Media…', 'file.import', 'CmdOrCtrl+I'),
        item('Import Timeline…', 'file.importTimeline'),
        item('Export…', 'file.export', 'CmdOrCtrl+M'),
        item('Export Timeline…', 'file.exportTimeline'),
        item('Export Review Notes…', 'file.exportNotes'),
        item('Import Review Notes…', 'file.importNotes'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        // Undo/redo belong to the document, not to text fields: the renderer decides.
        item('Undo', 'edit.undo', 'CmdOrCtrl+Z'),
        item('Redo', 'edit.redo', 'CmdOrCtrl+Shift+Z'),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        item('Zoom In', 'view.zoomIn', '='),
        item('Zoom Out', 'view.zoomOut', '-'),
        item('Zoom to Fit', 'view.zoomFit', 'Shift+Z'),
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    {
      label: 'Previz',
      // Alt+letter keys are handled by the editor (not while typing a prompt in the shot list).
      submenu: [
        item('Shot List  (Alt+S)', 'previz.shotList'),
        item('Reference Library', 'previz.references'),
        item('Add Shot', 'previz.addShot'),
        { type: 'separator' },
        item('Import Shot List…', 'previz.importShots'),
        item('Export Shot List…', 'previz.exportShots'),
        { type: 'separator' },
        item('Shots to Timeline  (Alt+T)', 'previz.toTimeline'),
        item('Generate Drafts  (Alt+G)', 'previz.drafts'),
        item('Generate Shots with Provider…', 'previz.generate'),
      ],
    },
    {
      label: 'Generate',
      // Single keys are handled by the editor, not as menu accelerators: as accelerators
      // they would fire while typing a prompt.
      submenu: [
        item('Extend Clip…  (E)', 'generate.extend'),
        item('Extend Before Clip…  (Alt+E)', 'generate.extendBefore'),
        item('New Take…  (Shift+T)', 'generate.newTake'),
        item('Fill Gap…  (G)', 'generate.fillGap'),
        item('Generate at Playhead from Text…', 'generate.text', 'CmdOrCtrl+G'),
        { type: 'separator' },
        item('Provider Settings…', 'generate.providers'),
      ],
    },
    {
      label: 'Help',
      submenu: [item('Keyboard Shortcuts', 'help.shortcuts'), item('About Segue', 'help.about')],
    },
  ];
  return Menu.buildFromTemplate(template);
}

async function createWindow(services: Services): Promise<void> {
  const stateFile = path.join(services.userDataDir, 'window-state.json');
  const state = loadWindowState(stateFile);
  const staticDir = app.isPackaged ? rendererDist : await ensureRendererBuilt((l) => console.log(l));
  const indexFile = path.join(staticDir, 'index.html');
  const indexUrl = pathToFileURL(indexFile).href;
  const isTrustedUrl = (url: string) => url === indexUrl || url.startsWith(`${indexUrl}#`) || url.startsWith(`${indexUrl}?`);

  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 600,
    backgroundColor: '#151619',
    title: 'Segue',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      // Middle-click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  // The renderer refuses to unload with unsaved changes (beforeunload): ask here.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Close Without Saving', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'This project has unsaved changes.',
      detail: 'They are kept in the autosave and offered again when you reopen the project.',
    });
    if (choice === 0) event.preventDefault();
  });
  win.on('close', () => saveWindowState(stateFile, win));

  const { emit } = setupIpc(services, () => (win.isDestroyed() ? null : win), isTrustedUrl);
  Menu.setApplicationMenu(buildMenu((action) => emit('menu:invoked', { action })));
  await win.loadFile(indexFile);
}

function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // No new windows, and no URL from the renderer is ever handed to the system (openExternal).
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  hardenSessions();
  const services = createServices({
    userDataDir: app.getPath('userData'),
    host: {
      transport: 'electron',
      secrets: safeStorageSecrets(app.getPath('userData')),
      openMediaDialog: async () => {
        const win = BrowserWindow.getAllWindows()[0];
        const exts = [...MEDIA_EXTENSIONS].map((e) => e.slice(1));
        const options = { properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'>, filters: [{ name: 'Media', extensions: exts }, { name: 'All files', extensions: ['*'] }] };
        const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        return r.canceled ? null : r.filePaths;
      },
      saveProjectDialog: async (name) => {
        const win = BrowserWindow.getAllWindows()[0];
        const options = { defaultPath: `${name.replace(/[\\/:*?"<>|]+/g, '_') || 'Untitled'}.segue`, filters: [{ name: 'Segue project', extensions: ['segue'] }] };
        const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
        return r.canceled || !r.filePath ? null : r.filePath;
      },
      openProjectDialog: async () => {
        const win = BrowserWindow.getAllWindows()[0];
        const timelines = OPEN_EXTENSIONS.map((e) => e.slice(1)).filter((e) => e !== 'segue');
        const options = {
          properties: ['openFile'] as Array<'openFile'>,
          filters: [
            { name: 'Segue projects and timelines', extensions: OPEN_EXTENSIONS.map((e) => e.slice(1)) },
            { name: 'Segue projects', extensions: ['segue'] },
            { name: 'Timelines (OTIO, EDL, FCP XML, FCPXML)', extensions: timelines },
          ],
        };
        const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
    },
  });

  // Quitting leaves running generations journalled; the next opening of the project resumes them.
  app.on('before-quit', () => services.generation.dispose());

  protocol.handle(ASSET_SCHEME, async (request) => {
    const asset = await openAsset(assetForUrl(services.assets, request.url), request.headers.get('range') ?? undefined);
    const body = asset.body ? (Readable.toWeb(asset.body) as ReadableStream) : null;
    return new Response(body, { status: asset.status, headers: asset.headers });
  });

  const file = process.argv.slice(app.isPackaged ? 1 : 2).find((a) => !a.startsWith('-') && /\.(segue|otio)$/i.test(a));
  try {
    if (file) await services.projects.open(path.resolve(file));
    else await services.projects.openDemo();
  } catch (e) {
    dialog.showErrorBox('Cannot open project', (e as Error).message);
  }
  await createWindow(services);
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
}

app.on('window-all-closed', () => app.quit());
start().catch((e) => {
  console.error(e);
  app.exit(1);
});
