// The one file that touches ipcMain. Every call is checked to come from our own window's
// main frame, then validated against the contract by dispatch() before a handler runs.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { dispatch } from '../shared/ipc/dispatch';
import { events, type EventName, type EventOf } from '../shared/ipc/contract';
import { fail } from '../shared/ipc/result';
import { createHandlers } from './handlers';
import { forwardEvents, type Services } from './services';

export const INVOKE = 'segue:invoke';
export const EVENT = 'segue:event';

export function setupIpc(services: Services, getWindow: () => BrowserWindow | null, isTrustedUrl: (url: string) => boolean): { emit<E extends EventName>(e: E, p: EventOf<E>): void } {
  const handlers = createHandlers(services);
  ipcMain.handle(INVOKE, async (event: IpcMainInvokeEvent, channel: unknown, input: unknown) => {
    const win = getWindow();
    const frame = event.senderFrame;
    if (!win || event.sender !== win.webContents || !frame || frame !== win.webContents.mainFrame || !isTrustedUrl(frame.url)) {
      return fail('forbidden', 'IPC from an unknown frame was refused');
    }
    return dispatch(handlers, channel, input, {}, {
      onInternalError: (ch, error) => console.error(`${ch} failed:`, error),
    });
  });
  const emit = <E extends EventName>(name: E, payload: EventOf<E>) => {
    const checked = events[name].safeParse(payload);
    if (!checked.success) return;
    getWindow()?.webContents.send(EVENT, name, checked.data);
  };
  forwardEvents(services, emit);
  return { emit };
}
