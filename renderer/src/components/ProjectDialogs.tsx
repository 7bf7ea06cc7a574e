// Save As in browser mode (a path on the host, asking before replacing a file) and the
// offer to recover a newer autosave after a crash.
import { useState } from 'react';
import { getApi } from '../api';
import { getProject, useDocument } from '../state/documentStore';
import { useSaveState } from '../state/saveState';
import { ui, useUi } from '../state/uiStore';
import { recover, saveTo } from '../actions/saving';
import { WRITE_FORMATS, writeFormatOf } from '../../../shared/interchange/formats';

/**
 * A dialog that writes to a path on the host: the path field, a replace prompt when the
 * file exists (unless it is `current`), and the write itself.
 */
export function WriteToDialog(props: { title: string; overlay: string; testid: string; initial: string; ext: (file: string) => string; current?: string | null; note?: (target: string) => string; extra?: (file: string, setFile: (f: string) => void) => React.ReactNode; write: (target: string, overwrite: boolean) => Promise<boolean> }) {
  const [file, setFile] = useState(props.initial);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const close = () => ui().set({ overlay: null });
  const target = props.ext(file);
  const go = async (overwrite: boolean) => {
    setBusy(true);
    if (!overwrite && target !== props.current) {
      const exists = await getApi().invoke('fs:exists', { path: target });
      if (exists.ok && exists.value) {
        setConfirm(true);
        setBusy(false);
        return;
      }
    }
    const ok = await props.write(target, overwrite);
    setBusy(false);
    if (ok) close();
  };
  return (
    <div className="modal-back" onMouseDown={close}>
      <div className="modal small" role="dialog" data-testid={`overlay-${props.overlay}`} onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-head">{props.title}</div>
        <div className="form">
          {props.extra?.(file, (f) => (setFile(f), setConfirm(false)))}
          <label>
            File
            <input data-testid={`${props.testid}-path`} autoFocus value={file} spellCheck={false} onChange={(e) => (setFile(e.target.value), setConfirm(false))} onKeyDown={(e) => e.key === 'Enter' && void go(false)} />
          </label>
          {props.note && <div className="hint">{props.note(target)}</div>}
          {confirm && <div className="warn" data-testid={`${props.testid}-exists`}>{target} exists. Replace it?</div>}
        </div>
        <div className="modal-foot">
          <button className="btn" onClick={close}>
            Cancel
          </button>
          <button className="btn primary" data-testid={confirm ? `${props.testid}-replace` : `${props.testid}-start`} disabled={busy} onClick={() => void go(confirm)}>
            {confirm ? 'Replace' : 'Save'}
          </button>
        </div>
      </div>
    </div>
  );
}

export const safeName = (name: string) => name.replace(/[\\/:*?"<>|]+/g, '_') || 'Untitled';

/** A file named after the project, beside its file when it has one, else in the home folder. */
export function useBesideProject(suffix: string): string {
  const info = useUi((s) => s.info);
  const file = useSaveState((s) => s.file);
  const dir = file ? file.replace(/[\\/][^\\/]*$/, '') : (info?.homeDir ?? '');
  return `${dir}/${safeName(getProject().name)}${suffix}`;
}

/** CSV unless the name asks for a Markdown table. */
export const tableExt = (f: string): string => (/\.(csv|md)$/i.test(f) ? f : `${f.replace(/\.[A-Za-z0-9]+$/, '')}.csv`);

/**
 * A dialog that reads a file on the host into the document: the path field, a hint, and
 * the read itself, which returns null when done or the one-line reason it was refused.
 */
export function ReadFromDialog(props: { title: string; overlay: string; testid: string; initial: string; hint: string; read: (path: string) => Promise<string | null> }) {
  const [path, setPath] = useState(props.initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => ui().set({ overlay: null });
  const go = async () => {
    setBusy(true);
    const message = await props.read(path.trim());
    setBusy(false);
    if (message) setError(message);
    else close();
  };
  return (
    <div className="modal-back" onMouseDown={close}>
      <div className="modal small" role="dialog" data-testid={`overlay-${props.overlay}`} onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-head">{props.title}</div>
        <div className="form">
          <label>
            File
            <input
              data-testid={`${props.testid}-path`}
              autoFocus
              value={path}
              spellCheck={false}
              onChange={(e) => (setPath(e.target.value), setError(null))}
              onKeyDown={(e) => {
                if (e.key === 'Enter') void go();
                if (e.key === 'Escape') close();
              }}
            />
          </label>
          <div className="hint">{props.hint}</div>
          {error && (
            <div className="warn" data-testid={`${props.testid}-error`}>
              {error}
            </div>
          )}
        </div>
        <div className="modal-foot">
          <button className="btn" onClick={close}>
            Cancel
          </button>
          <button className="btn primary" data-testid={`${props.testid}-start`} disabled={busy || !path.trim()} onClick={() => void go()}>
            Import
          </button>
        </div>
      </div>
    </div>
  );
}

export function SaveAsDialog() {
  const info = useUi((s) => s.info);
  const saved = useSaveState((s) => s.file);
  // In review the reviewed file is never written: a copy beside it is offered instead.
  const review = useDocument((s) => s.readOnly);
  const current = review ? null : saved;
  const initial = review && saved ? saved.replace(/(\.segue)?$/i, ' (review notes).segue') : current;
  return (
    <WriteToDialog
      title={review ? 'Save a Copy with Your Notes' : 'Save Project As'}
      overlay="saveAs"
      testid="save"
      initial={initial ?? `${info?.homeDir ?? ''}/${safeName(getProject().name)}.segue`}
      ext={(f) => (/\.segue$/i.test(f) ? f : `${f}.segue`)}
      current={current}
      note={(t) =>
        review
          ? `The project is open for review (read-only), so it stays as it is; the copy is a normal project you can edit.`
          : `Generated media and job journals go into a folder beside it (${t.replace(/\.segue$/i, '')}.segue-data).`
      }
      write={(t) => saveTo(t)}
    />
  );
}

/** File › Export Timeline: the timeline for another editor, in the format its extension names. */
export function ExportTimelineDialog() {
  const info = useUi((s) => s.info);
  const withExt = (f: string, ext: string) => `${f.replace(/\.(otio|edl|xml|fcpxml|mlt)$/i, '')}${ext}`;
  return (
    <WriteToDialog
      title="Export Timeline"
      overlay="exportTimeline"
      testid="timeline-export"
      initial={`${info?.homeDir ?? ''}/${safeName(getProject().name)}.otio`}
      ext={(f) => (writeFormatOf(f) ? f : withExt(f, '.otio'))}
      extra={(file, setFile) => (
        <label>
          Format
          <select data-testid="timeline-export-format" value={writeFormatOf(file)?.ext ?? '.otio'} onChange={(e) => setFile(withExt(file, e.target.value))}>
            {WRITE_FORMATS.map((f) => (
              <option key={f.ext} value={f.ext}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
      )}
      note={(t) => writeFormatOf(t)?.note ?? ''}
      write={async (t, overwrite) => {
        const r = await getApi().invoke('timeline:export', { project: getProject(), path: t, overwrite });
        if (!r.ok) {
          ui().toast('error', r.error.message);
          return false;
        }
        ui().set({ status: `Exported ${r.value.files.join(', ')}` });
        return true;
      }}
    />
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
