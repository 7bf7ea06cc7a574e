import { useEffect } from 'react';
import { getApi, onConnectionState } from '../api';
import { actionForKey, runAction } from '../actions';
import { createProject } from '../../../shared/timeline/factory';
import { useDocument } from '../state/documentStore';
import { afterOpen, showImportWarnings, showProject } from '../actions/importing';
import { refreshMissing } from './MediaDialogs';
import { ui, useUi } from '../state/uiStore';
import { MenuBar } from './MenuBar';
import { Toolbar } from './Toolbar';
import { MediaBin } from './MediaBin';
import { Monitor } from './Monitor';
import { SidePanel } from './SidePanel';
import { Timeline } from './Timeline';
import { StatusBar } from './StatusBar';
import { FilePicker } from './FilePicker';
import { Toasts } from './Toasts';
import { Overlays } from './Overlays';
import { receiveJob } from '../state/jobs';
import { generations } from '../generation/store';
import { watchUndo } from '../generation/actions';
import { startAutosave, useModified } from '../state/saveState';
import { syncReviewMode } from '../actions/review';

async function loadCurrentProject(): Promise<void> {
  const r = await getApi().invoke('project:current', {});
  if (!r.ok) ui().toast('error', r.error.message);
  const file = await getApi().invoke('project:file', {});
  showProject((r.ok ? r.value : null) ?? createProject('Untitled'), undefined, file.ok ? file.value : null);
  await syncReviewMode(); // the host may have it open for review (a reload, or the desktop menu)
  void afterOpen();
  void showImportWarnings(); // a timeline given on the command line (segue web cut.fcpxml)
  const g = await getApi().invoke('generation:list', {});
  if (g.ok) generations().receiveAll(g.value);
}

const isTyping = (t: EventTarget | null) => t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);

export function App() {
  // Only what the shell needs: subscribing to the whole project would re-render every
  // panel on every edit.
  const hasProject = useDocument((s) => s.history.present !== null);
  const projectName = useDocument((s) => s.history.present?.name);
  const picker = useUi((s) => s.picker);
  // The shot list and the reference library are tables: the side panel widens while they show.
  const wideSide = useUi((s) => s.sideTab === 'shots' || s.sideTab === 'references');

  useEffect(() => {
    const api = getApi();
    const offState = onConnectionState((connection) => ui().set({ connection }));
    if (api.transport === 'electron') ui().set({ connection: 'open' });
    void api.invoke('app:info', {}).then((r) => {
      if (r.ok) ui().set({ info: r.value, connection: 'open' });
    });
    void loadCurrentProject();
    // A media file deleted or moved while Segue was in the background shows offline on return.
    const onFocus = () => void refreshMissing();
    window.addEventListener('focus', onFocus);
    const offs = [
      () => window.removeEventListener('focus', onFocus),
      api.on('project:opened', () => void loadCurrentProject()),
      api.on('job:progressed', receiveJob),
      api.on('menu:invoked', ({ action }) => runAction(action)),
      api.on('generation:updated', (s) => generations().receive(s)),
      watchUndo(),
      startAutosave(),
      offState,
    ];
    return () => offs.forEach((off) => off());
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || ui().picker || e.repeat && !/Arrow/.test(e.key)) return;
      if (e.key === 'Escape') {
        ui().set({ overlay: null, selectedClips: [] });
        return;
      }
      const action = actionForKey(e);
      if (!action) return;
      e.preventDefault();
      runAction(action.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const modified = useModified();
  const review = useDocument((s) => s.readOnly);
  useEffect(() => {
    if (projectName !== undefined) document.title = `${modified ? '● ' : ''}${review ? 'REVIEW · read-only · ' : ''}${projectName} — Segue`;
  }, [projectName, modified, review]);

  if (!hasProject) return <div className="app-loading" />;
  return (
    <div className="app">
      <MenuBar />
      <Toolbar />
      <div className={`upper${wideSide ? ' wide-side' : ''}`}>
        <MediaBin />
        <Monitor />
        <SidePanel />
      </div>
      <div className="splitter" />
      <Timeline />
      <StatusBar />
      {picker && <FilePicker mode={picker} />}
      <Toasts />
      <Overlays />
    </div>
  );
}
