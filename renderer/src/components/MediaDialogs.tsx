// Relink Missing Media (find moved files by name, size and duration in a folder) and
// Collect Project (copy the project and its media into one folder, with a report).
import { useEffect, useState } from 'react';
import { castDraft } from 'immer';
import type { OutputOf } from '../../../shared/ipc/contract';
import type { Media } from '../../../shared/timeline/model';
import { getApi } from '../api';
import { getProject, useDocument, useProject } from '../state/documentStore';
import { ui, useUi } from '../state/uiStore';
import { formatBytes } from '../format';

/** Asks the main process which media files are missing; clips on them show offline. */
export async function refreshMissing(): Promise<void> {
  const project = getProject();
  if (!project) return;
  const r = await getApi().invoke('media:missing', { project });
  if (r.ok && getProject() === project) ui().set({ missingMedia: r.value });
}

const dirOf = (p: string) => p.replace(/[\\/][^\\/]*$/, '') || '/';

export function RelinkDialog() {
  const project = useProject();
  const missing = useUi((s) => s.missingMedia);
  const info = useUi((s) => s.info);
  const media = project.media.filter((m) => missing.includes(m.id));
  const [dir, setDir] = useState(media[0] ? dirOf(dirOf(media[0].path)) : (info?.homeDir ?? '/'));
  const [found, setFound] = useState<OutputOf<'media:relinkCandidates'> | null>(null);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const close = () => ui().set({ overlay: null });
  useEffect(() => {
    if (!found) return;
    setChoice(Object.fromEntries(Object.entries(found).flatMap(([id, c]) => (c[0] ? [[id, c[0].path]] : []))));
  }, [found]);
  const search = async () => {
    setBusy(true);
    const r = await getApi().invoke('media:relinkCandidates', { mediaIds: media.map((m) => m.id), dir });
    setBusy(false);
    if (r.ok) setFound(r.value);
    else ui().toast('error', r.error.message);
  };
  const relink = async () => {
    setBusy(true);
    const done: Media[] = [];
    for (const [mediaId, path] of Object.entries(choice)) {
      const r = await getApi().invoke('media:relink', { mediaId, path });
      if (r.ok) done.push(r.value);
      else ui().toast('error', r.error.message);
    }
    setBusy(false);
    if (done.length) {
      useDocument.getState().run(`Relink ${done.length} media file${done.length > 1 ? 's' : ''}`, (d) => {
        for (const m of done) {
          const i = d.media.findIndex((x) => x.id === m.id);
          if (i >= 0) d.media[i] = castDraft(m);
        }
      });
      await refreshMissing();
      ui().set({ status: `Relinked ${done.length} media file${done.length > 1 ? 's' : ''}` });
      close();
    }
  };
  return (
    <div className="modal-back" onMouseDown={close}>
      <div className="modal small" role="dialog" data-testid="overlay-relink" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-head">Relink Missing Media</div>
        <div className="form">
          {media.length === 0 ? (
            <div className="hint">No media is missing.</div>
          ) : (
            <>
              <label>
                Look in this folder (and below)
                <input data-testid="relink-dir" value={dir} spellCheck={false} onChange={(e) => setDir(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void search()} />
              </label>
              {media.map((m) => {
                const c = found?.[m.id] ?? [];
                return (
                  <label key={m.id} data-testid="relink-row">
                    {m.name} <span className="hint">was {m.path}</span>
                    {found === null ? null : c.length === 0 ? (
                      <span className="warn">Nothing like it in this folder</span>
                    ) : (
                      <select data-testid="relink-choice" value={choice[m.id] ?? ''} onChange={(e) => setChoice({ ...choice, [m.id]: e.target.value })}>
                        {c.map((x) => (
                          <option key={x.path} value={x.path}>
                            {x.path} — {x.reasons.join(', ')}
                          </option>
                        ))}
                        <option value="">Leave offline</option>
                      </select>
                    )}
                  </label>
                );
              })}
            </>
          )}
        </div>
        <div className="modal-foot">
          <button className="btn" onClick={close}>
            Cancel
          </button>
          <button className="btn" data-testid="relink-search" disabled={busy || media.length === 0} onClick={() => void search()}>
            Search
          </button>
          <button className="btn primary" data-testid="relink-apply" disabled={busy || !Object.values(choice).some(Boolean)} onClick={() => void relink()}>
            Relink
          </button>
        </div>
      </div>
    </div>
  );
}

export function CollectDialog() {
  const info = useUi((s) => s.info);
  const [dir, setDir] = useState(`${info?.homeDir ?? ''}/${getProject().name.replace(/[\\/:*?"<>|]+/g, '_') || 'Untitled'} (collected)`);
  const [report, setReport] = useState<OutputOf<'project:collect'> | null>(null);
  const [overwrite, setOverwrite] = useState(false);
  const [busy, setBusy] = useState(false);
  const close = () => ui().set({ overlay: null });
  const go = async () => {
    setBusy(true);
    const r = await getApi().invoke('project:collect', { project: getProject(), dir, overwrite });
    setBusy(false);
    if (r.ok) setReport(r.value);
    else ui().toast('error', r.error.message);
  };
  return (
    <div className="modal-back" onMouseDown={close}>
      <div className="modal small" role="dialog" data-testid="overlay-collect" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-head">Collect Project</div>
        <div className="form">
          {report ? (
            <div data-testid="collect-report">
              <div>
                Wrote <b>{report.projectFile}</b>: {report.copied} file{report.copied === 1 ? '' : 's'} copied ({formatBytes(report.bytes)}).
              </div>
              {report.renamed.length > 0 && <div className="hint">{report.renamed.length} renamed to avoid a clash of names.</div>}
              {report.missing.length > 0 && <div className="warn">{report.missing.length} missing and not copied: {report.missing.map((m) => m.path).join(', ')}</div>}
            </div>
          ) : (
            <>
              <div className="hint">Copies the project and every media file it uses into one folder, to hand off or review on another machine. Your files are only read.</div>
              <label>
                Folder
                <input data-testid="collect-dir" value={dir} spellCheck={false} onChange={(e) => setDir(e.target.value)} />
              </label>
              <label className="check">
                <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} /> Replace files in a folder that is not empty
              </label>
            </>
          )}
        </div>
        <div className="modal-foot">
          <button className="btn" onClick={close}>
            {report ? 'Close' : 'Cancel'}
          </button>
          {!report && (
            <button className="btn primary" data-testid="collect-start" disabled={busy} onClick={() => void go()}>
              {busy ? 'Collecting…' : 'Collect'}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
