// Save As in browser mode (a path on the host, asking before replacing a file) and the
// offer to recover a newer autosave after a crash.
import { useState } from 'react';
import { getApi } from '../api';
import { getProject } from '../state/documentStore';
import { useSaveState } from '../state/saveState';
import { ui, useUi } from '../state/uiStore';
import { recover, saveTo } from '../actions/saving';

export function SaveAsDialog() {
  const info = useUi((s) => s.info);
  const current = useSaveState((s) => s.file);
  const [file, setFile] = useState(current ?? `${info?.homeDir ?? ''}/${getProject().name.replace(/[\\/:*?"<>|]+/g, '_') || 'Untitled'}.segue`);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const close = () => ui().set({ overlay: null });
  const target = /\.segue$/i.test(file) ? file : `${file}.segue`;
  const go = async (overwrite: boolean) => {
    setBusy(true);
    if (!overwrite && target !== current) {
      const exists = await getApi().invoke('fs:exists', { path: target });
      if (exists.ok && exists.value) {
        setConfirm(true);
        setBusy(false);
        return;
      }
    }
    const ok = await saveTo(target);
    setBusy(false);
    if (ok) close();
  };
  return (
    <div className="modal-back" onMouseDown={close}>
      <div className="modal small" role="dialog" data-testid="overlay-saveAs" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-head">Save Project As</div>
        <div className="form">
          <label>
            File
            <input data-testid="save-path" autoFocus value={file} spellCheck={false} onChange={(e) => (setFile(e.target.value), setConfirm(false))} onKeyDown={(e) => e.key === 'Enter' && void go(false)} />
          </label>
          <div className="hint">Generated media and job journals go into a folder beside it ({target.replace(/\.segue$/i, '')}.segue-data).</div>
          {confirm && <div className="warn" data-testid="save-exists">{target} exists. Replace it?</div>}
        </div>
        <div className="modal-foot">
          <button className="btn" onClick={close}>
            Cancel
          </button>
          <button className="btn primary" data-testid={confirm ? 'save-replace' : 'save-start'} disabled={busy} onClick={() => void go(confirm)}>
            {confirm ? 'Replace' : 'Save'}
          </button>
        </div>
      </div>
    </div>
  );
}

const when = (iso: string) => new Date(iso).toLocaleString();

export function RecoverDialog() {
  const r = useUi((s) => s.recovery);
  if (!r) return null;
  return (
    <div className="modal-back">
      <div className="modal small" role="dialog" data-testid="overlay-recover">
        <div className="modal-head">Recover unsaved changes?</div>
        <div className="form">
          <div>
            Segue did not close normally. An autosave of <b>{r.name}</b> from <b>{when(r.autosavedAt)}</b> is newer than
            {r.savedAt ? ` the project file (saved ${when(r.savedAt)})` : ' any saved file'}.
          </div>
          <div className="hint" data-testid="recover-diff">
            Autosave: {r.clips} clip{r.clips === 1 ? '' : 's'}
            {r.savedClips !== null ? ` · saved file: ${r.savedClips} clip${r.savedClips === 1 ? '' : 's'}` : ''}
          </div>
        </div>
        <div className="modal-foot">
          <button className="btn" data-testid="recover-discard" onClick={() => void recover(false)}>
            Discard Autosave
          </button>
          <button className="btn primary" data-testid="recover-take" onClick={() => void recover(true)}>
            Recover
          </button>
        </div>
      </div>
    </div>
  );
}
