// File › Revert to Version…: the project's rolling backups, newest first; choosing one
// shows its timeline in miniature (tracks and clips to scale) before it is restored as
// an unsaved document.
import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../shared/ipc/contract';
import type { Project } from '../../../shared/timeline/model';
import { layoutTrack, timelineFrames } from '../../../shared/timeline/layout';
import { formatDuration } from '../../../shared/timeline/time';
import { getApi } from '../api';
import { useDocument } from '../state/documentStore';
import { useSaveState } from '../state/saveState';
import { ui } from '../state/uiStore';

type Backup = OutputOf<'project:backups'>[number];

function TimelinePreview({ project }: { project: Project }) {
  const total = Math.max(1, timelineFrames(project.timeline));
  return (
    <div className="revert-preview" data-testid="revert-preview">
      {project.timeline.tracks.map((t) => (
        <div key={t.id} className={`revert-track ${t.kind}`}>
          <span className="revert-track-name">{t.name}</span>
          <div className="revert-lane">
            {layoutTrack(t, project.timeline.rate)
              .filter((p) => p.item.kind === 'clip')
              .map((p) => (
                <i key={p.item.id} title={'name' in p.item ? p.item.name : ''} style={{ left: `${(p.start / total) * 100}%`, width: `${((p.end - p.start) / total) * 100}%` }} />
              ))}
          </div>
        </div>
      ))}
    </div>
  );
}

export function RevertDialog() {
  const [list, setList] = useState<Backup[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [preview, setPreview] = useState<Project | null>(null);
  const close = () => ui().set({ overlay: null });
  useEffect(() => {
    void getApi()
      .invoke('project:backups', {})
      .then((r) => (r.ok ? setList(r.value) : ui().toast('error', r.error.message)));
  }, []);
  useEffect(() => {
    if (!chosen) return setPreview(null);
    let live = true;
    void getApi()
      .invoke('project:loadBackup', { name: chosen })
      .then((r) => live && (r.ok ? setPreview(r.value) : ui().toast('error', r.error.message)));
    return () => {
      live = false;
    };
  }, [chosen]);
  const restore = () => {
    if (!preview) return;
    useDocument.getState().load(preview);
    useSaveState.getState().set({ saved: null });
    ui().set({ overlay: null, selectedClips: [], status: `Reverted to the version of ${new Date(list!.find((b) => b.name === chosen)!.savedAt).toLocaleString()}; save to keep it.` });
  };
  const rate = preview?.timeline.rate;
  return (
    <div className="modal-back" onMouseDown={close}>
      <div className="modal" role="dialog" data-testid="overlay-revert" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-head">Revert to Version</div>
        <div className="modal-body">
          <div className="places revert-list">
            {list === null ? (
              <div className="hint">Loading…</div>
            ) : list.length === 0 ? (
              <div className="hint">No earlier versions yet: one is kept each time the project is saved over.</div>
            ) : (
              list.map((b) => (
                <button key={b.name} data-testid="revert-item" className={b.name === chosen ? 'on' : ''} disabled={b.damaged} onClick={() => setChosen(b.name)}>
                  {new Date(b.savedAt).toLocaleString()}
                  <small>{b.damaged ? 'damaged' : `${b.clips} clips`}</small>
                </button>
              ))
            )}
          </div>
          <div className="revert-side">
            {preview && rate ? (
              <>
                <div className="hint">
                  {preview.name} · {preview.timeline.tracks.length} tracks · {formatDuration((timelineFrames(preview.timeline) * rate.den) / rate.num)}
                </div>
                <TimelinePreview project={preview} />
              </>
            ) : (
              <div className="hint">Choose a version to see its timeline.</div>
            )}
          </div>
        </div>
        <div className="modal-foot">
          <button className="btn" onClick={close}>
            Cancel
          </button>
          <button className="btn primary" data-testid="revert-restore" disabled={!preview} onClick={restore}>
            Restore This Version
          </button>
        </div>
      </div>
    </div>
  );
}
