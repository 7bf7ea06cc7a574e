// The marker dialog (M, or double-click a marker): name, colour and a note, time-coded.
import { useState } from 'react';
import { removeMarker, updateMarker } from '../../../shared/timeline/edit/markers';
import { MarkerColorSchema, type Marker } from '../../../shared/timeline/model';
import { formatTimecode } from '../../../shared/timeline/time';
import { useDocument, useProject } from '../state/documentStore';
import { ui } from '../state/uiStore';
import { MARKER_COLORS } from './Ruler';

export function MarkerEditor({ markerId }: { markerId: string }) {
  const project = useProject();
  const marker = project.timeline.markers.find((m) => m.id === markerId);
  const [name, setName] = useState(marker?.name ?? '');
  const [note, setNote] = useState(marker?.note ?? '');
  const [color, setColor] = useState<Marker['color']>(marker?.color ?? 'green');
  const close = () => ui().set({ overlay: null, editingMarker: null });
  if (!marker) return null;
  const save = () => {
    useDocument.getState().edit('Edit Marker', (t) => updateMarker(t, markerId, { name: name.trim(), note, color }));
    close();
  };
  return (
    <div className="modal-back" onMouseDown={close}>
      <div className="modal small" role="dialog" data-testid="overlay-marker" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-head">Marker at {formatTimecode(marker.frame, project.timeline.rate)}</div>
        <div className="form">
          <label>
            Name
            <input
              autoFocus
              data-testid="marker-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') save();
                if (e.key === 'Escape') close();
              }}
            />
          </label>
          <label>
            Note
            <textarea data-testid="marker-note" rows={4} value={note} onChange={(e) => setNote(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && close()} />
          </label>
          <div className="swatches">
            {MarkerColorSchema.options.map((c) => (
              <button key={c} title={c} className={`swatch${c === color ? ' on' : ''}`} style={{ background: MARKER_COLORS[c] }} onClick={() => setColor(c)} />
            ))}
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
