// File › Export Review Notes… and Import Review Notes…: the markers as a CSV or Markdown
// file with thumbnails beside it, and such a file read back as one undoable step.
import { useState } from 'react';
import { getApi } from '../api';
import { importNotes } from '../actions/markers';
import { getProject } from '../state/documentStore';
import { useSaveState } from '../state/saveState';
import { ui, useUi } from '../state/uiStore';
import { WriteToDialog } from './ProjectDialogs';

const safeName = (name: string) => name.replace(/[\\/:*?"<>|]+/g, '_') || 'Untitled';

/** Where notes go first: beside the project file when it has one, else the home folder. */
function defaultNotesPath(home: string, projectFile: string | null, name: string): string {
  const dir = projectFile ? projectFile.replace(/[\\/][^\\/]*$/, '') : home;
  return `${dir}/${safeName(name)} notes.csv`;
}

export function ExportNotesDialog() {
  const info = useUi((s) => s.info);
  const file = useSaveState((s) => s.file);
  const stem = (t: string) => t.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  return (
    <WriteToDialog
      title="Export Review Notes"
      overlay="exportNotes"
      testid="notes-export"
      initial={defaultNotesPath(info?.homeDir ?? '', file, getProject().name)}
      ext={(f) => (/\.(csv|md)$/i.test(f) ? f : `${f.replace(/\.[A-Za-z0-9]+$/, '')}.csv`)}
      note={(t) =>
        `${/\.md$/i.test(t) ? 'A Markdown table' : 'CSV for any spreadsheet (or name it .md for a Markdown table)'}: timecode, duration, author, status, colour, name and note of every marker, with a frame of each in ${stem(t)}_thumbs beside it.`
      }
      write={async (t, overwrite) => {
        const r = await getApi().invoke('review:exportNotes', { project: getProject(), path: t, overwrite });
        if (!r.ok) {
          ui().toast('error', r.error.message);
          return false;
        }
        const { notes, thumbnails, warnings } = r.value;
        ui().set({ status: `Exported ${notes} note${notes === 1 ? '' : 's'} with ${thumbnails} thumbnail${thumbnails === 1 ? '' : 's'} to ${r.value.file}` });
        if (warnings.length) ui().toast('info', `No thumbnail for ${warnings.length} marker${warnings.length === 1 ? '' : 's'}: ${warnings[0]}${warnings.length > 1 ? ' …' : ''}`);
        return true;
      }}
    />
  );
}

export function ImportNotesDialog() {
  const info = useUi((s) => s.info);
  const file = useSaveState((s) => s.file);
  const [path, setPath] = useState(defaultNotesPath(info?.homeDir ?? '', file, getProject().name));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => ui().set({ overlay: null });
  const go = async () => {
    setBusy(true);
    const message = await importNotes(path.trim());
    setBusy(false);
    if (message) setError(message);
    else close();
  };
  return (
    <div className="modal-back" onMouseDown={close}>
      <div className="modal small" role="dialog" data-testid="overlay-importNotes" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-head">Import Review Notes</div>
        <div className="form">
          <label>
            File
            <input
              data-testid="notes-import-path"
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
          <div className="hint">
            A .csv or .md file with a timecode column (and any of duration, author, status, color, name, note). A row at the frame of a marker with the same name and author updates that marker;
            the others become new markers. One undo takes it all back.
          </div>
          {error && (
            <div className="warn" data-testid="notes-import-error">
              {error}
            </div>
          )}
        </div>
        <div className="modal-foot">
          <button className="btn" onClick={close}>
            Cancel
          </button>
          <button className="btn primary" data-testid="notes-import-start" disabled={busy || !path.trim()} onClick={() => void go()}>
            Import
          </button>
        </div>
      </div>
    </div>
  );
}
