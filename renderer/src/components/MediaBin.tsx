import { useEffect, useState } from 'react';
import type { Media } from '../../../shared/timeline/model';
import { getApi } from '../api';
import { importPaths, pathsFromText, startImport } from '../actions/importing';
import { mediaAssets } from '../media/derived';
import { useProject } from '../state/documentStore';
import { ui, useUi } from '../state/uiStore';
import { formatLine, mediaDuration } from '../format';
import { isReadable, useGenerations } from '../generation/store';
import { GENERATION_KEY } from '../../../shared/generation/model';
import { MenuItem, PopupMenu } from './PopupMenu';
import { editShot, referenceFromMedia, selectedShots, shotById } from '../previz/actions';
import { getProject } from '../state/documentStore';

export const BIN_DRAG_TYPE = 'application/x-segue-media';

export function Poster({ media }: { media: Media }) {
  const [src, setSrc] = useState<string | null>(null);
  // A generated take is fetched once it has landed.
  const readable = useGenerations((s) => isReadable(s.byId, media));
  useEffect(() => {
    let live = true;
    if (media.kind !== 'audio' && readable) void mediaAssets(media.id).then((a) => live && a?.posterAssetId && setSrc(getApi().assetUrl(a.posterAssetId)));
    return () => {
      live = false;
    };
  }, [media.id, media.kind, readable]);
  return <div className="bin-thumb">{src ? <img src={src} alt="" draggable={false} /> : media.kind === 'audio' ? '♪' : null}</div>;
}

/** Generated takes no clip shows (alternatives kept for the take switcher). */
const isSpareTake = (m: Media | undefined, used: Set<string>): boolean => m !== undefined && m.metadata?.[GENERATION_KEY] !== undefined && !used.has(m.id);

/** The bin's order: media as imported, spare takes last under a "Takes" heading. */
function binOrder(project: ReturnType<typeof useProject>): Media[] {
  const used = usedMedia(project);
  return [...project.media.filter((m) => !isSpareTake(m, used)), ...project.media.filter((m) => isSpareTake(m, used))];
}

function usedMedia(project: ReturnType<typeof useProject>): Set<string> {
  return new Set(project.timeline.tracks.flatMap((t) => t.items.flatMap((i) => (i.kind === 'clip' && i.mediaId ? [i.mediaId] : []))));
}

export function MediaBin() {
  const project = useProject();
  const used = usedMedia(project);
  const selected = useUi((s) => s.selectedMedia);
  const [dropping, setDropping] = useState(false);
  const [menu, setMenu] = useState<{ x: number; y: number; mediaId: string } | null>(null);

  const click = (e: React.MouseEvent, id: string) => {
    const { selectedMedia, mediaAnchor } = ui();
    const ids = project.media.map((m) => m.id);
    if (e.shiftKey && mediaAnchor) {
      const [a, b] = [ids.indexOf(mediaAnchor), ids.indexOf(id)].sort((x, y) => x - y);
      ui().set({ selectedMedia: ids.slice(a, (b ?? a ?? 0) + 1), focus: 'bin' });
    } else if (e.ctrlKey || e.metaKey) {
      ui().set({ selectedMedia: selectedMedia.includes(id) ? selectedMedia.filter((x) => x !== id) : [...selectedMedia, id], mediaAnchor: id, focus: 'bin' });
    } else ui().set({ selectedMedia: [id], mediaAnchor: id, focus: 'bin', selectedClips: [] });
  };

  return (
    <section
      className={`panel${dropping ? ' drop-hint' : ''}`}
      data-testid="media-bin"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('text/plain') || e.dataTransfer.types.includes('text/uri-list')) {
          e.preventDefault();
          setDropping(true);
        }
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(e) => {
        setDropping(false);
        if (e.dataTransfer.types.includes(BIN_DRAG_TYPE)) return;
        const text = e.dataTransfer.getData('text/uri-list') || e.dataTransfer.getData('text/plain');
        const paths = pathsFromText(text);
        e.preventDefault();
        if (paths.length) void importPaths(paths);
        else ui().toast('error', 'Drop file paths (one per line) or file:// links to import them.');
      }}
    >
      <div className="panel-head">
        Media
        <span className="count">{project.media.length} item{project.media.length === 1 ? '' : 's'}</span>
      </div>
      <div className="panel-body">
        {project.media.length === 0 ? (
          <div className="empty">
            No media yet.
            <br />
            Import files or drop their paths here.
            <br />
            <button className="tbtn" onClick={() => void startImport()}>
              Import Media… <span className="kbd">Ctrl+I</span>
            </button>
          </div>
        ) : (
          <div className="bin-list" role="listbox" aria-multiselectable>
            {binOrder(project).map((m, i, list) => [
              isSpareTake(m, used) && !isSpareTake(list[i - 1], used) ? (
                <div key="takes-head" className="bin-group" data-testid="bin-takes">
                  Takes
                </div>
              ) : null,
              (
              <div
                key={m.id}
                className={`bin-item${selected.includes(m.id) ? ' selected' : ''}`}
                data-testid="bin-item"
                data-name={m.name}
                data-media-id={m.id}
                role="option"
                aria-selected={selected.includes(m.id)}
                title={m.path}
                draggable
                onDragStart={(e) => {
                  const ids = selected.includes(m.id) ? selected : [m.id];
                  e.dataTransfer.setData(BIN_DRAG_TYPE, JSON.stringify(ids));
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={(e) => click(e, m.id)}
                onDoubleClick={() => ui().set({ sourceMediaId: m.id, playing: false })}
                onContextMenu={(e) => {
                  e.preventDefault();
                  if (!selected.includes(m.id)) ui().set({ selectedMedia: [m.id], mediaAnchor: m.id, focus: 'bin' });
                  setMenu({ x: e.clientX, y: e.clientY, mediaId: m.id });
                }}
              >
                <Poster media={m} />
                <div className="bin-meta">
                  <div className="bin-name">{m.name}</div>
                  <div className="bin-sub">
                    {mediaDuration(m)} · {formatLine(m)}
                  </div>
                  {m.origin === 'generated' && <div className="bin-sub">AI · {m.provenance?.provider}</div>}
                </div>
              </div>
              ),
            ])}
          </div>
        )}
      </div>
      {menu && <BinMenu {...menu} onClose={() => setMenu(null)} />}
    </section>
  );
}

/** Right-click on a bin item: use it as a reference, or as the image of the selected shot. */
function BinMenu({ x, y, mediaId, onClose }: { x: number; y: number; mediaId: string; onClose: () => void }) {
  const m = getProject().media.find((x) => x.id === mediaId);
  const picture = m !== undefined && m.kind !== 'audio';
  const shots = selectedShots();
  const shot = shots.length === 1 ? shotById(getProject(), shots[0]!) : undefined;
  return (
    <PopupMenu x={x} y={y} testid="bin-menu" onClose={onClose}>
      <MenuItem testid="bin-menu-reference" label="Use as Reference…" disabled={picture ? false : 'A reference is a picture'} onRun={() => referenceFromMedia(mediaId)} onClose={onClose} />
      <MenuItem
        testid="bin-menu-shot-image"
        label={shot ? `Use as Image of ${shot.name || 'the Selected Shot'}` : 'Use as Image of the Selected Shot'}
        disabled={!picture ? 'A shot image is a picture' : shot ? false : 'Select one shot in the shot list first'}
        onRun={() => shot && m && editShot(shot.id, { imageMediaId: mediaId }, `Image of ${shot.name}: ${m.name}`)}
        onClose={onClose}
      />
    </PopupMenu>
  );
}
