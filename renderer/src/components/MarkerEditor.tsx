// The marker dialog (M, or double-click a marker): name, author, colour, a note and whether
// it is resolved, time-coded. The author starts as the reviewer name this machine
// remembers; typing another one remembers that one for the next notes.
import { useState } from 'react';
import { removeMarker, updateMarker } from '../../../shared/timeline/edit/markers';
import { MarkerColorSchema, type Marker } from '../../../shared/timeline/model';
import { formatTimecode } from '../../../shared/timeline/time';
import { useDocument, useProject } from '../state/documentStore';
import { ui } from '../state/uiStore';
import { getReviewer, MAX_REVIEWER, setReviewer } from '../state/reviewer';
import { MARKER_COLORS } from './Ruler';

/** An ISO date in the user's locale; anything unparsable as it was written. */
const when = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
};

export function MarkerEditor({ markerId }: { markerId: string }) {
  const project = useProject();
  const marker = project.timeline.markers.find((m) => m.id === markerId);
  const [name, setName] = useState(marker?.name ?? '');
  const [note, setNote] = useState(marker?.note ?? '');
  const [color, setColor] = useState<Marker['color']>(marker?.color ?? 'green');
  const [author, setAuthor] = useState(marker?.author ?? getReviewer());
  const [authorTyped, setAuthorTyped] = useState(false);
  const [resolved, setResolved] = useState(marker?.status === 'resolved');
  const close = () => ui().set({ overlay: null, editingMarker: null });
  if (!marker) return null;
  const save = () => {
    // Only a name the user typed becomes theirs: editing someone else's note keeps who wrote it.
    if (authorTyped) setReviewer(author);
    useDocument.getState().edit('Edit Marker', (t) => updateMarker(t, markerId, { name: name.trim(), note, color, author: author.trim(), status: resolved ? 'resolved' : 'open' }));
    close();
  };
  const keys = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter') save();
    if (e.key === 'Escape') close();
  };
  return (
    <div className="modal-back" onMouseDown={close}>
      <div className="modal small" role="dialog" data-testid="overlay-marker" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-head">
          Marker at {formatTimecode(marker.frame, project.timeline.rate)}
          {marker.createdAt && <span className="modal-sub">{when(marker.createdAt)}</span>}
        </div>
        <div className="form">
          <div className="form-row">
            <label>
              Name
              <input autoFocus data-testid="marker-name" value={name} maxLength={1024} onChange={(e) => setName(e.target.value)} onKeyDown={keys} />
            </label>
            <label>
              Author
              <input
                data-testid="marker-author"
                value={author}
                maxLength={MAX_REVIEWER}
                placeholder="Your name (remembered)"
                onChange={(e) => {
                  setAuthor(e.target.value);
                  setAuthorTyped(true);
                }}
                onKeyDown={keys}
              />
            </label>
          </div>
          <label>
            Note
            <textarea data-testid="marker-note" rows={4} value={note} onChange={(e) => setNote(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && close()} />
          </label>
          <div className="marker-form-foot">
            <div className="swatches">
              {MarkerColorSchema.options.map((c) => (
                <button key={c} title={c} aria-label={c} className={`swatch${c === color ? ' on' : ''}`} style={{ background: MARKER_COLORS[c] }} onClick={() => setColor(c)} />
              ))}
            </div>
            <label className="check">
              <input type="checkbox" data-testid="marker-resolved" checked={resolved} onChange={(e) => setResolved(e.target.checked)} />
              Resolved
            </label>
          </div>
        </div>
        <div className="modal-foot">
          <button
            className="btn"
            data-testid="marker-delete"
            onClick={() => {
              useDocument.getState().edit('Delete Marker', (t) => removeMarker(t, markerId));
              close();
            }}
          >
            Delete
          </button>
          <div className="spacer" />
          <button className="btn" onClick={close}>
            Cancel
          </button>
          <button className="btn primary" data-testid="marker-save" onClick={save}>
            Save
          </button>
        </div>
      </div>
    </div>
  );
}
