import { ACTIONS } from '../actions';
import { ui, useUi } from '../state/uiStore';
import { MarkerEditor } from './MarkerEditor';
import { ExportDialog } from './ExportDialog';
import { GenerateDialog } from './GenerateDialog';
import { ProvidersDialog } from './ProvidersDialog';
import { ExportTimelineDialog, RecoverDialog, SaveAsDialog } from './ProjectDialogs';
import { RevertDialog } from './RevertDialog';
import { ExportNotesDialog, ImportNotesDialog } from './ReviewNotesDialogs';
import { CollectDialog, RelinkDialog } from './MediaDialogs';
import { ExportShotsDialog, GenerateShotsDialog, ImportShotsDialog } from './PrevizDialogs';
import { ReferenceDialog } from './ReferencesPanel';

export function Overlays() {
  const overlay = useUi((s) => s.overlay);
  const info = useUi((s) => s.info);
  const editingMarker = useUi((s) => s.editingMarker);
  if (!overlay) return null;
  if (overlay === 'export') return <ExportDialog />;
  if (overlay === 'generate') return <GenerateDialog />;
  if (overlay === 'providers') return <ProvidersDialog />;
  if (overlay === 'saveAs') return <SaveAsDialog />;
  if (overlay === 'exportTimeline') return <ExportTimelineDialog />;
  if (overlay === 'exportNotes') return <ExportNotesDialog />;
  if (overlay === 'importNotes') return <ImportNotesDialog />;
  if (overlay === 'exportShots') return <ExportShotsDialog />;
  if (overlay === 'importShots') return <ImportShotsDialog />;
  if (overlay === 'previzGenerate') return <GenerateShotsDialog />;
  if (overlay === 'reference') return <ReferenceDialog />;
  if (overlay === 'recover') return <RecoverDialog />;
  if (overlay === 'revert') return <RevertDialog />;
  if (overlay === 'relink') return <RelinkDialog />;
  if (overlay === 'collect') return <CollectDialog />;
  if (overlay === 'marker') return editingMarker ? <MarkerEditor key={editingMarker} markerId={editingMarker} /> : null;
  const close = () => ui().set({ overlay: null });
  return (
    <div className="modal-back" onMouseDown={close}>
      <div className="modal small" role="dialog" data-testid={`overlay-${overlay}`} onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-head">{overlay === 'shortcuts' ? 'Keyboard Shortcuts' : 'About Segue'}</div>
        {overlay === 'shortcuts' ? (
          <div className="shortcut-list">
            {[...new Set(ACTIONS.map((a) => a.menu))].map((menu) => [
              <div key={menu} className="group">
                {menu}
              </div>,
              ...ACTIONS.filter((a) => a.menu === menu && a.shortcut).flatMap((a) => [<span key={a.id}>{a.label}</span>, <kbd key={`${a.id}k`} className="kbd">{a.shortcut}</kbd>]),
            ])}
          </div>
        ) : (
          <div className="kv">
            <dt>Version</dt>
            <dd>{info?.version ?? '…'}</dd>
            <dt>Mode</dt>
            <dd>{info?.transport === 'electron' ? 'Desktop (Electron)' : 'Browser'}</dd>
            <dt>ffmpeg</dt>
            <dd>{info?.ffmpegVersion ?? '…'}</dd>
            <dt>Data folder</dt>
            <dd title={info?.userDataDir}>{info?.userDataDir ?? '…'}</dd>
          </div>
        )}
        <div className="modal-foot">
          <button className="btn primary" onClick={close}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
