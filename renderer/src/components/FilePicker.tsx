// Browser mode's file picker: the host's folders, listed by the main process.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DirListing } from '../../../shared/ipc/contract';
import { getApi } from '../api';
import { importPaths, openProjectFile } from '../actions/importing';
import { openReviewFile } from '../actions/review';
import { ui, type PickerMode } from '../state/uiStore';
import { formatBytes } from '../format';
import { isTimelineFile } from '../../../shared/interchange/formats';

let lastDir: string | undefined;

export function FilePicker({ mode }: { mode: PickerMode }) {
  const [listing, setListing] = useState<DirListing | null>(null);
  const [path, setPath] = useState(lastDir ?? '');
  const [selected, setSelected] = useState<string[]>([]);
  const [anchor, setAnchor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const forReview = mode.purpose === 'review';
  const wantProject = mode.purpose === 'project' || forReview;
  const accepts = (name: string, isMedia: boolean) => (wantProject ? isTimelineFile(name) : isMedia && !isTimelineFile(name));

  // Only the latest listing asked for is shown: the opening listing may arrive after the
  // user has already typed a folder and pressed Enter.
  // Nor does a listing replace what the user typed into the path field while it loaded.
  const latest = useRef(0);
  const typed = useRef(0);
  const go = useCallback(async (dir?: string) => {
    const n = ++latest.current;
    const typedAtStart = typed.current;
    const r = await getApi().invoke('fs:list', dir ? { dir } : {});
    if (n !== latest.current) return;
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setError(null);
    setListing(r.value);
    if (typed.current === typedAtStart) setPath(r.value.dir);
    setSelected([]);
    setAnchor(null);
    lastDir = r.value.dir;
  }, []);

  useEffect(() => {
    void go(lastDir);
  }, [go]);

  const [recent, setRecent] = useState<string[]>([]);
  useEffect(() => {
    if (wantProject) void getApi().invoke('project:recent', {}).then((r) => r.ok && setRecent(r.value));
  }, [wantProject]);

  const close = () => ui().set({ picker: null });
  const confirm = (paths = selected) => {
    if (!paths.length) return;
    close();
    if (forReview) void openReviewFile(paths[0]!);
    else if (wantProject) void openProjectFile(paths[0]!);
    else void importPaths(paths);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const files = listing?.entries ?? [];
  const click = (e: React.MouseEvent, p: string) => {
    if (wantProject) return setSelected([p]);
    const selectable = files.filter((f) => f.kind === 'file' && accepts(f.name, f.isMedia)).map((f) => f.path);
    if (e.shiftKey && anchor) {
      const [a, b] = [selectable.indexOf(anchor), selectable.indexOf(p)].sort((x, y) => x - y);
      setSelected(selectable.slice(a, (b ?? a ?? 0) + 1));
    } else if (e.ctrlKey || e.metaKey) {
      setSelected((s) => (s.includes(p) ? s.filter((x) => x !== p) : [...s, p]));
      setAnchor(p);
    } else {
      setSelected([p]);
      setAnchor(p);
    }
  };

  return (
    <div className="modal-back" onMouseDown={close}>
      <div className="modal" role="dialog" data-testid="file-picker" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-head">
          {forReview ? 'Open for Review (read-only)' : wantProject ? 'Open Project' : 'Import Media'}
          <button className="tbtn" title="Up one folder" disabled={!listing?.parent} onClick={() => listing?.parent && void go(listing.parent)}>
            ↑
          </button>
          <input
            data-testid="file-picker-path"
            value={path}
            spellCheck={false}
            onChange={(e) => {
              typed.current++;
              setPath(e.target.value);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void go(e.currentTarget.value);
            }}
          />
        </div>
        <div className="modal-body">
          <div className="places">
            {wantProject && recent.length > 0 && <div className="bin-group">Recent</div>}
            {wantProject &&
              recent.map((f) => (
                <button key={f} data-testid="recent-project" onClick={() => confirm([f])} title={f}>
                  {f.split(/[\\/]/).pop()}
                </button>
              ))}
            {wantProject && recent.length > 0 && <div className="bin-group">Places</div>}
            {listing?.places.map((p) => (
              <button key={p.path} onClick={() => void go(p.path)} title={p.path}>
                {p.name}
              </button>
            ))}
          </div>
          <div className="entries">
            {error && <div className="empty">{error}</div>}
            {!error && files.length === 0 && <div className="empty">This folder is empty</div>}
            {files.map((f) => {
              const ok = f.kind === 'dir' || accepts(f.name, f.isMedia);
              return (
                <div
                  key={f.path}
                  className={`entry${selected.includes(f.path) ? ' selected' : ''}${ok ? '' : ' dim'}`}
                  data-testid="file-picker-entry"
                  data-name={f.name}
                  onClick={(e) => ok && f.kind === 'file' && click(e, f.path)}
                  onDoubleClick={() => (f.kind === 'dir' ? void go(f.path) : ok && confirm([f.path]))}
                >
                  <span className={`ico-${f.kind === 'dir' ? 'dir' : f.isMedia ? 'media' : 'file'}`} />
                  <span>{f.name}</span>
                  <span className="size">{f.kind === 'file' ? formatBytes(f.size) : ''}</span>
                </div>
              );
            })}
          </div>
        </div>
        <div className="modal-foot">
          <span className="hint">{selected.length ? `${selected.length} selected` : wantProject ? 'Choose a project or a timeline (.segue, .otio/.otioz, .edl, .xml, .fcpxml)' : 'Ctrl/Shift-click to choose several files'}</span>
          <button className="btn" onClick={close}>
            Cancel
          </button>
          <button className="btn primary" data-testid="file-picker-import" disabled={!selected.length} onClick={() => confirm()}>
            {forReview ? 'Open for Review' : wantProject ? 'Open' : 'Import'}
          </button>
        </div>
      </div>
    </div>
  );
}
