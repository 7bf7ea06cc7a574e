// The shot list panel (the side panel's Shots tab, widened while it shows): one row per
// shot — number, name, length, prompt, camera note, image, references, "continue from
// the previous shot" and where its picture stands (not laid out, placeholder, generating,
// draft, generated, STALE). Cells commit on Enter or when they lose focus, each as one
// undo step; rows reorder by drag or Alt+Up/Down; a table pasted into the panel (Ctrl+V,
// or the paste box) becomes shots.
import { memo, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { GenerationStatus } from '../../../shared/generation/model';
import type { Shot } from '../../../shared/previz/model';
import { parseDuration } from '../../../shared/previz/shotlist';
import type { Project } from '../../../shared/timeline/model';
import { formatTimecode, type Rate } from '../../../shared/timeline/time';
import { layoutTrack } from '../../../shared/timeline/layout';
import { getTimelineWidth } from '../actions';
import { useGenerations } from '../generation/store';
import {
  addBlankShot,
  askGenerate,
  clipOfShot,
  deleteShots,
  editShot,
  generateDrafts,
  layOut,
  moveSelected,
  moveShotTo,
  pasteShotList,
  referenceFromMedia,
  regenerateShot,
  SHOT_STATE_LABELS,
  shotState,
  shotsOf,
  shotsToGenerate,
  type ShotPatch,
} from '../previz/actions';
import { previz, usePreviz } from '../previz/store';
import { getProject, useProject } from '../state/documentStore';
import { ui, useUi } from '../state/uiStore';
import { BIN_DRAG_TYPE, Poster } from './MediaBin';
import { SideTabs } from './MarkersPanel';
import { MenuItem, MenuSeparator, PopupMenu } from './PopupMenu';
import { Cell } from './EditCell';

const SHOT_DRAG_TYPE = 'application/x-segue-shot';

/** "4s", "4.5s", "4.17s": a shot's length as the cell shows it (the timecode is in the tooltip). */
export function formatShotSeconds(frames: number, rate: Rate): string {
  const s = (frames * rate.den) / rate.num;
  return `${Number.isInteger(s) ? s : Number(s.toFixed(2))}s`;
}

function RefChips({ shot, project }: { shot: Shot; project: Project }) {
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const refs = project.previz?.references ?? [];
  const byId = new Map(refs.map((r) => [r.id, r]));
  const available = refs.filter((r) => !shot.referenceIds.includes(r.id));
  const set = (ids: string[], label: string) => editShot(shot.id, { referenceIds: ids }, label);
  return (
    <div className="sl-refs">
      {shot.referenceIds.map((id) => {
        const r = byId.get(id);
        return (
          <span key={id} className={`sl-chip ${r?.kind ?? ''}`} data-testid="shot-ref" title={r ? `${r.kind}: ${r.description || r.name}` : 'missing reference'}>
            {r?.name ?? '?'}
            <button className="sl-chip-x" aria-label={`Remove ${r?.name ?? 'reference'}`} onMouseDown={(e) => e.stopPropagation()} onClick={() => set(shot.referenceIds.filter((x) => x !== id), `Remove ${r?.name ?? 'reference'} from ${shot.name}`)}>
              ×
            </button>
          </span>
        );
      })}
      <button
        className="sl-add-ref"
        data-testid="shot-ref-add"
        title="Name a reference from the library (its image is sent to providers that take one; its description joins the prompt)"
        onMouseDown={(e) => e.stopPropagation()}
        onClick={(e) => setMenu({ x: e.clientX, y: e.clientY })}
      >
        +
      </button>
      {menu && (
        <PopupMenu x={menu.x} y={menu.y} title="References" testid="shot-ref-menu" onClose={() => setMenu(null)}>
          {available.map((r) => (
            <MenuItem key={r.id} testid={`shot-ref-pick-${r.name}`} label={`${r.name} · ${r.kind}`} onRun={() => set([...shot.referenceIds, r.id], `Add ${r.name} to ${shot.name}`)} onClose={() => setMenu(null)} />
          ))}
          {available.length > 0 && <MenuSeparator />}
          <MenuItem
            testid="shot-ref-new"
            label="New Reference from Bin Selection…"
            disabled={ui().selectedMedia.length === 0 ? 'Select a still or clip in the bin first' : false}
            onRun={() => referenceFromMedia(ui().selectedMedia[0]!)}
            onClose={() => setMenu(null)}
          />
          <MenuItem testid="shot-ref-library" label="Open the Reference Library" onRun={() => ui().set({ sideTab: 'references' })} onClose={() => setMenu(null)} />
        </PopupMenu>
      )}
    </div>
  );
}

function ImageCell({ shot, project }: { shot: Shot; project: Project }) {
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const [over, setOver] = useState(false);
  const media = shot.imageMediaId ? project.media.find((m) => m.id === shot.imageMediaId) : undefined;
  const pictures = project.media.filter((m) => m.kind === 'image' || (m.kind === 'video' && m.origin !== 'generated'));
  const setImage = (id: string | undefined, label: string) => editShot(shot.id, { imageMediaId: id }, label);
  return (
    <div
      className={`sl-image${over ? ' over' : ''}${media ? ' set' : ''}`}
      data-testid="shot-image"
      data-media-id={shot.imageMediaId ?? ''}
      title={media ? `First frame: ${media.name} (image-to-video)` : 'An image of this shot: drop one from the bin, or click to pick'}
      onMouseDown={(e) => e.stopPropagation()}
      onClick={(e) => setMenu({ x: e.clientX, y: e.clientY })}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(BIN_DRAG_TYPE)) return;
        e.preventDefault();
        e.stopPropagation();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const data = e.dataTransfer.getData(BIN_DRAG_TYPE);
        if (!data) return;
        e.preventDefault();
        e.stopPropagation();
        const id = (JSON.parse(data) as string[])[0];
        const m = getProject().media.find((x) => x.id === id);
        if (!m || m.kind === 'audio') return ui().toast('info', 'A shot image is a picture: drop a still or a clip.');
        setImage(m.id, `Image of ${shot.name}: ${m.name}`);
      }}
    >
      {media ? <Poster media={media} /> : <span className="sl-image-empty">+</span>}
      {menu && (
        <PopupMenu x={menu.x} y={menu.y} title="Shot image" testid="shot-image-menu" onClose={() => setMenu(null)}>
          {pictures.slice(0, 30).map((m) => (
            <MenuItem key={m.id} testid={`shot-image-pick-${m.name}`} label={m.name} onRun={() => setImage(m.id, `Image of ${shot.name}: ${m.name}`)} onClose={() => setMenu(null)} />
          ))}
          {pictures.length === 0 && <MenuItem testid="shot-image-none" label="No stills or clips in the bin" disabled onRun={() => undefined} onClose={() => setMenu(null)} />}
          {media && (
            <>
              <MenuSeparator />
              <MenuItem testid="shot-image-clear" label="Clear Image" onRun={() => setImage(undefined, `Clear image of ${shot.name}`)} onClose={() => setMenu(null)} />
            </>
          )}
        </PopupMenu>
      )}
    </div>
  );
}

interface RowProps {
  shot: Shot;
  index: number;
  project: Project;
  byId: Record<string, GenerationStatus>;
  selected: boolean;
  waiting: string | undefined;
  failed: string | undefined;
  dropEdge: 'above' | 'below' | null;
  onDragOverRow: (index: number, edge: 'above' | 'below') => void;
}

const ShotRow = memo(function ShotRow({ shot, index, project, byId, selected, waiting, failed, dropEdge, onDragOverRow }: RowProps) {
  const rate = project.timeline.rate;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  const { state, detail } = shotState(project, shot, byId, waiting ? { [shot.id]: waiting } : {}, failed ? { [shot.id]: failed } : {});
  const patch = (p: ShotPatch, label: string) => editShot(shot.id, p, label);
  const name = shot.name || `Shot ${index + 1}`;
  return (
    <div
      ref={ref}
      className={`sl-row${selected ? ' selected' : ''}${state === 'stale' ? ' stale' : ''}${dropEdge ? ` drop-${dropEdge}` : ''}`}
      role="row"
      aria-selected={selected}
      data-testid="shot-row"
      data-id={shot.id}
      data-name={shot.name}
      data-state={state}
      onMouseDown={(e) => selectRow(e, shot.id, project)}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(SHOT_DRAG_TYPE)) return;
        e.preventDefault();
        const r = e.currentTarget.getBoundingClientRect();
        onDragOverRow(index, e.clientY < r.top + r.height / 2 ? 'above' : 'below');
      }}
    >
      <span
        className="sl-num"
        draggable
        title="Drag to reorder (Alt+↑ / Alt+↓)"
        data-testid="shot-handle"
        onDragStart={(e) => {
          e.dataTransfer.setData(SHOT_DRAG_TYPE, shot.id);
          e.dataTransfer.effectAllowed = 'move';
        }}
      >
        {index + 1}
      </span>
      <Cell value={shot.name} testid="shot-name" label="Shot name" placeholder={`Shot ${index + 1}`} commit={(t) => patch({ name: t.trim() }, `Rename ${name}`)} />
      <span className="sl-dur-wrap" title={`${formatTimecode(shot.frames, rate)} (${shot.frames} frames). Type seconds (4, 4.5s) or a timecode (00:00:04:12).`}>
        <Cell
          value={formatShotSeconds(shot.frames, rate)}
          testid="shot-duration"
          label="Duration"
          className="sl-dur"
          commit={(t) => {
            const frames = parseDuration(t, rate);
            if (frames === null || frames < 1) return ui().toast('error', `${name}: duration "${t.trim()}" is not seconds or a timecode`);
            patch({ frames }, `Length of ${name}`);
          }}
        />
      </span>
      <Cell value={shot.prompt} multiline testid="shot-prompt" label="Prompt" placeholder="What we see" className="sl-prompt" commit={(t) => patch({ prompt: t.trim() }, `Prompt of ${name}`)} />
      <Cell value={shot.camera} multiline testid="shot-camera" label="Camera note" placeholder="Camera" className="sl-camera" commit={(t) => patch({ camera: t.trim() }, `Camera of ${name}`)} />
      <ImageCell shot={shot} project={project} />
      <RefChips shot={shot} project={project} />
      <button
        className={`sl-cont${shot.continueFromPrevious ? ' on' : ''}`}
        role="checkbox"
        aria-checked={shot.continueFromPrevious}
        data-testid="shot-continue"
        title={index === 0 ? 'Continue from the previous shot (the first shot has none)' : shot.continueFromPrevious ? 'Continues from the previous shot’s last frame: click to start fresh' : 'Start from the previous shot’s last frame (one continuous take split into shots)'}
        onMouseDown={(e) => (e.preventDefault(), e.stopPropagation())}
        onClick={() => patch({ continueFromPrevious: !shot.continueFromPrevious }, `${shot.continueFromPrevious ? 'Start fresh' : 'Continue'}: ${name}`)}
      >
        ↳
      </button>
      <span className="sl-status-cell">
        <span className={`sl-status ${state}`} data-testid="shot-status" title={detail}>
          {SHOT_STATE_LABELS[state]}
        </span>
        {(state === 'stale' || state === 'failed') && (
          <button className="sl-regen" data-testid="shot-regenerate" title={state === 'stale' ? 'Regenerate as a new take (the old picture stays as a take)' : 'Try again'} onMouseDown={(e) => (e.preventDefault(), e.stopPropagation())} onClick={() => regenerateShot(shot.id)}>
            ↻
          </button>
        )}
      </span>
    </div>
  );
});

/** Click: select the shot (and its clip, with the playhead on it); Shift: a range; Ctrl: toggle. */
function selectRow(e: React.MouseEvent, id: string, project: Project): void {
  if (e.button !== 0) return;
  const { selected, anchor } = previz();
  const ids = shotsOf(project).map((s) => s.id);
  if (e.shiftKey && anchor && ids.includes(anchor)) {
    const [a, b] = [ids.indexOf(anchor), ids.indexOf(id)].sort((x, y) => x - y);
    previz().set({ selected: ids.slice(a, b! + 1) });
  } else if (e.ctrlKey || e.metaKey) {
    previz().set({ selected: selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id], anchor: id });
  } else {
    previz().set({ selected: [id], anchor: id });
    // Show the shot on the timeline: its clip selected, the playhead on its first frame.
    const shot = shotsOf(project).find((s) => s.id === id);
    const clip = clipOfShot(project, shot);
    if (clip) {
      const track = project.timeline.tracks.find((t) => t.items.some((i) => i.id === clip.id))!;
      const placed = layoutTrack(track, project.timeline.rate).find((p) => p.item.id === clip.id);
      if (placed) {
        const { zoom, scrollX } = ui();
        const x = placed.start * zoom - scrollX;
        const off = x < 0 || x > getTimelineWidth() - 20;
        ui().set({ selectedClips: [clip.id], playhead: placed.start, sourceMediaId: null, ...(off ? { scrollX: Math.max(0, placed.start * zoom - getTimelineWidth() / 4) } : {}) });
      }
    }
  }
}

function PasteBox({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const add = () => {
    if (pasteShotList(text)) onClose();
  };
  return (
    <div className="sl-pastebox">
      <textarea
        data-testid="shots-paste-box"
        autoFocus
        rows={4}
        spellCheck={false}
        value={text}
        placeholder={'Paste or type a table with a header row, e.g.\nshot\tduration\tprompt\tcamera\nOpening\t4\tA lighthouse at dusk\twide, slow push'}
        onChange={(e) => setText(e.target.value)}
        onPaste={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) add();
          if (e.key === 'Escape') onClose();
        }}
      />
      <div className="sl-pastebox-foot">
        <span className="mk-hint">Tab- or comma-separated (from a spreadsheet) or a Markdown table · Ctrl+Enter adds</span>
        <button className="tbtn" onClick={onClose}>
          Cancel
        </button>
        <button className="tbtn primary" data-testid="shots-paste-add" disabled={!text.trim()} onClick={add}>
          Add Shots
        </button>
      </div>
    </div>
  );
}

function ToolButton({ testid, title, onClick, disabled, children }: { testid: string; title: string; onClick: () => void; disabled?: boolean; children: ReactNode }) {
  return (
    <button className="tbtn" data-testid={testid} title={title} disabled={disabled} onMouseDown={(e) => e.preventDefault()} onClick={onClick}>
      {children}
    </button>
  );
}

export function ShotListPanel() {
  const project = useProject();
  const byId = useGenerations((s) => s.byId);
  const { selected, waiting, failed } = usePreviz();
  const shots = shotsOf(project);
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const [pasteBox, setPasteBox] = useState(false);
  const [drop, setDrop] = useState<{ index: number; edge: 'above' | 'below' } | null>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  // The panel's keys (Ctrl+V pastes shots, Delete deletes them, Alt+Up/Down moves them)
  // apply while the panel was the last thing clicked: the timeline keeps the focus where it
  // was on a click, so focus alone does not say where the user is working.
  const active = useRef(true);
  useEffect(() => {
    panelRef.current?.focus({ preventScroll: true });
    const onDown = (e: MouseEvent) => (active.current = panelRef.current?.contains(e.target as Node) ?? false);
    window.addEventListener('mousedown', onDown, true);
    return () => window.removeEventListener('mousedown', onDown, true);
  }, []);
  // Selecting a shot's clip on the timeline selects its row (the row's click does the reverse).
  const selectedClips = useUi((s) => s.selectedClips);
  useEffect(() => {
    // A shot's picture comes selected with its linked sound: one shot among the selection.
    const picked = shotsOf(getProject()).filter((s) => s.clipId && selectedClips.includes(s.clipId));
    const shot = picked.length === 1 ? picked[0]! : undefined;
    if (shot && !(previz().selected.length === 1 && previz().selected[0] === shot.id)) previz().set({ selected: [shot.id], anchor: shot.id });
  }, [selectedClips]);
  const rate = project.timeline.rate;
  const total = shots.reduce((n, s) => n + s.frames, 0);
  const toDo = useMemo(() => shotsToGenerate(project, byId), [project, byId, selected]);
  const stale = shots.filter((s) => shotState(project, s, byId).state === 'stale').length;
  const sel = shots.filter((s) => selectedSet.has(s.id)).map((s) => s.id);
  const dragOverRow = useMemo(() => (index: number, edge: 'above' | 'below') => setDrop((d) => (d?.index === index && d.edge === edge ? d : { index, edge })), []);

  return (
    <div
      className="sl-panel"
      data-testid="shot-list-panel"
      ref={panelRef}
      tabIndex={-1}
      onPaste={(e) => {
        const text = e.clipboardData.getData('text/plain');
        if (!text || !active.current) return;
        e.preventDefault();
        pasteShotList(text);
      }}
      onKeyDown={(e) => {
        const t = e.target as HTMLElement;
        if (t.closest('input,textarea,select') || !active.current) return;
        const ctrl = e.ctrlKey || e.metaKey;
        // Let the browser paste here (the editor's Ctrl+V pastes clips on the timeline).
        if (ctrl && e.key.toLowerCase() === 'v') return e.stopPropagation();
        if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
          e.preventDefault();
          e.stopPropagation();
          moveSelected(e.key === 'ArrowUp' ? -1 : 1);
        } else if ((e.key === 'Delete' || e.key === 'Backspace') && !ctrl && previz().selected.length) {
          e.preventDefault();
          e.stopPropagation();
          deleteShots(sel);
        } else if (ctrl && e.key.toLowerCase() === 'a' && !e.shiftKey) {
          e.preventDefault();
          e.stopPropagation();
          previz().set({ selected: shots.map((s) => s.id), anchor: shots[0]?.id ?? null });
        } else if (e.key === 'Escape' && previz().selected.length) {
          e.stopPropagation();
          previz().set({ selected: [] });
        }
      }}
    >
      <SideTabs />
      <div className="sl-tools">
        <ToolButton testid="shots-add" title="Add an empty shot after the selection" onClick={addBlankShot}>
          <span className="ico">+</span>Add
        </ToolButton>
        <ToolButton testid="shots-paste" title="Paste a shot list (a table with a header row); Ctrl+V in the panel does the same" onClick={() => setPasteBox((v) => !v)}>
          Paste…
        </ToolButton>
        <ToolButton testid="shots-delete" title="Delete the selected shots (Delete); their clips stay on the timeline" onClick={() => deleteShots(sel)} disabled={sel.length === 0}>
          <span className="ico">✕</span>Delete
        </ToolButton>
        <span className="sep" />
        <ToolButton testid="shots-to-timeline" title="Lay the shots out on the Previz track as placeholders of their lengths (Alt+T)" onClick={() => layOut()} disabled={shots.length === 0}>
          <span className="ico">⇥</span>To Timeline
        </ToolButton>
        <ToolButton
          testid="shots-drafts"
          title={`Local drafts (offline, free) for ${sel.length ? 'the selected shots' : 'every shot without an up-to-date picture'} (Alt+G)`}
          onClick={() => void generateDrafts()}
          disabled={shots.length === 0 || toDo.length === 0}
        >
          <span className="ico">✦</span>Drafts{toDo.length && toDo.length !== shots.length ? ` (${toDo.length})` : ''}
        </ToolButton>
        <ToolButton testid="shots-generate" title="Generate with the provider set in Provider Settings; shows the total cost first" onClick={() => askGenerate()} disabled={shots.length === 0 || toDo.length === 0}>
          <span className="ico">✧</span>Provider…
        </ToolButton>
        <span className="sl-count" data-testid="shots-count">
          {shots.length} shot{shots.length === 1 ? '' : 's'} · {formatTimecode(total, rate)}
          {stale ? <b className="sl-stale-count"> · {stale} stale</b> : null}
        </span>
      </div>
      {pasteBox && <PasteBox onClose={() => setPasteBox(false)} />}
      <div className="sl-head" role="row">
        <span>#</span>
        <span>Shot</span>
        <span>Length</span>
        <span>Prompt</span>
        <span>Camera</span>
        <span title="Image (first frame)">Img</span>
        <span>References</span>
        <span title="Continue from the previous shot">↳</span>
        <span>Status</span>
      </div>
      <div
        className="panel-body sl-list"
        role="grid"
        aria-label="Shots"
        onMouseDown={(e) => {
          if (e.target === e.currentTarget) previz().set({ selected: [] });
          panelRef.current?.focus({ preventScroll: true });
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDrop(null);
        }}
        onDrop={(e) => {
          const id = e.dataTransfer.getData(SHOT_DRAG_TYPE);
          const at = drop;
          setDrop(null);
          if (!id || !at) return;
          e.preventDefault();
          const from = shots.findIndex((s) => s.id === id);
          let to = at.edge === 'above' ? at.index : at.index + 1;
          if (from < to) to -= 1;
          moveShotTo(id, to);
        }}
        onDragEnd={() => setDrop(null)}
      >
        {shots.length === 0 ? (
          <div className="empty">
            No shots yet.
            <br />
            Paste a shot list here (<kbd className="kbd">Ctrl+V</kbd>): a table from a spreadsheet, CSV or Markdown, with a header row (shot, duration, prompt, camera, image, references, continue).
            <br />
            <button className="tbtn" onClick={() => setPasteBox(true)}>
              Paste…
            </button>
            <button className="tbtn" onClick={addBlankShot}>
              Add Shot
            </button>
            <button className="tbtn" onClick={() => ui().set({ overlay: 'importShots' })}>
              Import…
            </button>
          </div>
        ) : (
          shots.map((s, i) => (
            <ShotRow
              key={s.id}
              shot={s}
              index={i}
              project={project}
              byId={byId}
              selected={selectedSet.has(s.id)}
              waiting={waiting[s.id]}
              failed={failed[s.id]}
              dropEdge={drop?.index === i ? drop.edge : null}
              onDragOverRow={dragOverRow}
            />
          ))
        )}
      </div>
      <div className="mk-foot">
        <span className="mk-hint" title="Ctrl+V: paste a table · Alt+↑/↓: move · Delete: delete · Shift/Ctrl+click: select several">
          {sel.length ? `${sel.length} selected · ` : ''}Ctrl+V pastes a table · Alt+↑/↓ moves · drag # to reorder
        </span>
        <button className="tbtn" data-testid="shots-import" onClick={() => ui().set({ overlay: 'importShots' })}>
          Import…
        </button>
        <button className="tbtn" data-testid="shots-export" disabled={shots.length === 0} onClick={() => ui().set({ overlay: 'exportShots' })}>
          Export…
        </button>
      </div>
    </div>
  );
}
