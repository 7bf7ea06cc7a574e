// The reference library (the side panel's References tab): the project's named pictures
// of characters, places, props and styles, each with a description that joins the prompt
// of every shot naming it, and how many shots do. Saved in the project (project.previz).
import { useState } from 'react';
import { ReferenceKindSchema, type Reference, type ReferenceKind } from '../../../shared/previz/model';
import type { Project } from '../../../shared/timeline/model';
import { deleteReference, referenceFromMedia, saveReference, shotsOf, updateReferenceField } from '../previz/actions';
import { previz, usePreviz } from '../previz/store';
import { useProject } from '../state/documentStore';
import { ui, useUi } from '../state/uiStore';
import { BIN_DRAG_TYPE, Poster } from './MediaBin';
import { SideTabs } from './MarkersPanel';
import { Cell } from './EditCell';

const REFERENCE_KINDS = ReferenceKindSchema.options;

/** The shots naming a reference, in shot order. */
export const shotsNaming = (p: Project, referenceId: string) => shotsOf(p).filter((s) => s.referenceIds.includes(referenceId));

const DESCRIPTION_HINT = 'What it looks like (added to the prompt of every shot that names it)';

function ReferenceRow({ r, project }: { r: Reference; project: Project }) {
  const media = project.media.find((m) => m.id === r.mediaId);
  const users = shotsNaming(project, r.id);
  return (
    <div className="rf-row" data-testid="reference-row" data-name={r.name} data-id={r.id}>
      <div className="rf-thumb" title={media ? media.path : 'The picture is no longer in the bin'}>
        {media ? <Poster media={media} /> : <span className="rf-missing">missing</span>}
      </div>
      <div className="rf-fields">
        <div className="rf-line">
          <Cell value={r.name} testid="reference-name" label="Reference name" commit={(v) => v.trim() && updateReferenceField(r.id, { name: v.trim() }, `Rename Reference ${r.name}`)} />
          <select
            className="rf-kind"
            data-testid="reference-kind"
            value={r.kind}
            aria-label="Kind"
            onChange={(e) => updateReferenceField(r.id, { kind: e.target.value as ReferenceKind }, `${r.name}: ${e.target.value}`)}
          >
            {REFERENCE_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <span className="rf-used" data-testid="reference-used" title={users.map((s) => s.name).join(', ') || 'No shot names it yet'}>
            used by {users.length} shot{users.length === 1 ? '' : 's'}
          </span>
          <button className="rf-remove" data-testid="reference-remove" title="Remove from the library (and from every shot that names it); the picture stays in the bin" onClick={() => deleteReference(r.id)}>
            ×
          </button>
        </div>
        <Cell value={r.description} multiline placeholder={DESCRIPTION_HINT} testid="reference-description" label="Description" commit={(v) => updateReferenceField(r.id, { description: v.trim() }, `Describe ${r.name}`)} />
      </div>
    </div>
  );
}

export function ReferencesPanel() {
  const project = useProject();
  const refs = project.previz?.references ?? [];
  const selectedMedia = useUi((s) => s.selectedMedia);
  const [over, setOver] = useState(false);
  const fromBin = project.media.find((m) => selectedMedia.includes(m.id) && m.kind !== 'audio');
  return (
    <div
      className={`sl-panel${over ? ' drop-hint' : ''}`}
      data-testid="references-panel"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(BIN_DRAG_TYPE)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const data = e.dataTransfer.getData(BIN_DRAG_TYPE);
        if (!data) return;
        e.preventDefault();
        referenceFromMedia((JSON.parse(data) as string[])[0]!);
      }}
    >
      <SideTabs />
      <div className="sl-tools">
        <button
          className="tbtn"
          data-testid="references-add"
          disabled={!fromBin}
          title={fromBin ? `Add ${fromBin.name} to the library` : 'Select a still or a clip in the bin (or drop one here, or right-click it › Use as Reference…)'}
          onClick={() => fromBin && referenceFromMedia(fromBin.id)}
        >
          <span className="ico">+</span>Add from Bin{fromBin ? `: ${fromBin.name}` : ''}
        </button>
        <span className="sl-count">
          {refs.length} reference{refs.length === 1 ? '' : 's'}
        </span>
      </div>
      <div className="panel-body">
        {refs.length === 0 ? (
          <div className="empty">
            No references yet.
            <br />
            Characters, places, props and styles as pictures with names: a shot that names one sends its picture to providers that take an image, and its description joins the prompt.
            <br />
            Right-click a still in the bin › Use as Reference…, or drop it here.
          </div>
        ) : (
          refs.map((r) => <ReferenceRow key={r.id} r={r} project={project} />)
        )}
      </div>
    </div>
  );
}

/** New or edited reference: picture, name, kind, description. */
export function ReferenceDialog() {
  const draft = usePreviz((s) => s.referenceDraft);
  const project = useProject();
  const [d, setD] = useState(draft);
  const close = () => {
    previz().set({ referenceDraft: null });
    ui().set({ overlay: null });
  };
  if (!d) return null;
  const media = project.media.find((m) => m.id === d.mediaId);
  const taken = (project.previz?.references ?? []).some((r) => r.id !== d.id && r.name.toLocaleLowerCase() === d.name.trim().toLocaleLowerCase());
  const go = () => {
    if (!taken && saveReference(d)) close();
  };
  return (
    <div className="modal-back" onMouseDown={close}>
      <div className="modal small" role="dialog" data-testid="overlay-reference" onMouseDown={(e) => e.stopPropagation()} onKeyDown={(e) => e.key === 'Escape' && close()}>
        <div className="modal-head">
          {d.id ? 'Edit Reference' : 'Use as Reference'}
          <span className="modal-sub">{media?.name}</span>
        </div>
        <div className="form">
          <div className="rf-dialog-pic">{media && <Poster media={media} />}</div>
          <div className="form-row">
            <label>
              Name
              <input data-testid="reference-dialog-name" autoFocus value={d.name} spellCheck={false} onChange={(e) => setD({ ...d, name: e.target.value })} onKeyDown={(e) => e.key === 'Enter' && go()} />
            </label>
            <label>
              Kind
              <select data-testid="reference-dialog-kind" value={d.kind} onChange={(e) => setD({ ...d, kind: e.target.value as ReferenceKind })}>
                {REFERENCE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label>
            Description
            <textarea data-testid="reference-dialog-description" rows={3} value={d.description} placeholder="e.g. a tall woman in a yellow raincoat, short grey hair" onChange={(e) => setD({ ...d, description: e.target.value })} />
          </label>
          <div className="hint">Shots name references in their References column (or a “references” column of a pasted list). The description joins their prompts; the picture goes to providers that take an image.</div>
          {taken && <div className="warn">Another reference is called {d.name.trim()}: shot lists name references by name.</div>}
        </div>
        <div className="modal-foot">
          <button className="btn" onClick={close}>
            Cancel
          </button>
          <button className="btn primary" data-testid="reference-dialog-save" disabled={!d.name.trim() || taken} onClick={go}>
            {d.id ? 'Save' : 'Add Reference'}
          </button>
        </div>
      </div>
    </div>
  );
}
