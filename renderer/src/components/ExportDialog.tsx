// File > Export (Ctrl+M): preset, whole timeline or the in/out range, the file to write.
// The export runs as a job in the main process (progress, ETA and cancel in the jobs
// panel); an existing file is only replaced after asking. When generated media shows or
// sounds in the export, the dialog says so: the main process writes where into the
// file's metadata and a .provenance.json beside it, and can burn in an "AI-generated" label.
import { useMemo, useState } from 'react';
import { PRESETS, presetSettings } from '../../../shared/render/presets';
import { generatedRanges } from '../../../shared/provenance/ranges';
import { manifestPath } from '../../../shared/provenance/manifest';
import { formatTimecode } from '../../../shared/timeline/time';
import { getApi } from '../api';
import { getProject, useProject } from '../state/documentStore';
import { ui, useUi } from '../state/uiStore';
import { onJobEnd } from '../state/jobs';

/** Export jobs we started, by job id, so their end can name the file. */
const exports = new Map<string, string>();

onJobEnd(({ jobId, state, message }) => {
  const file = exports.get(jobId);
  if (!file) return;
  exports.delete(jobId);
  if (state === 'done') ui().toast('info', `Exported ${file}`);
  else if (state === 'failed') ui().toast('error', `Export failed: ${message ?? 'unknown error'}`);
  else ui().set({ status: 'Export cancelled' });
});

const lastPath = { value: '' };

export function ExportDialog() {
  const project = useProject();
  const info = useUi((s) => s.info);
  const markIn = useUi((s) => s.markIn);
  const markOut = useUi((s) => s.markOut);
  const hasRange = markIn !== null && markOut !== null && markOut > markIn;
  const [preset, setPreset] = useState('h264');
  const [range, setRange] = useState<'all' | 'inout'>(hasRange ? 'inout' : 'all');
  const [aiLabel, setAiLabel] = useState(false);
  const ext = PRESETS.find((p) => p.id === preset)?.container ?? 'mp4';
  const [file, setFile] = useState(lastPath.value || `${info?.homeDir ?? ''}/${project.name.replace(/[\\/:*?"<>|]+/g, '_') || 'Untitled'}.mp4`);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const close = () => ui().set({ overlay: null });
  const target = file.replace(/\.(mp4|mov)$/i, '') + `.${ext}`;
  const start = async (overwrite: boolean) => {
    setBusy(true);
    const api = getApi();
    if (!overwrite) {
      const exists = await api.invoke('fs:exists', { path: target });
      if (exists.ok && exists.value) {
        setConfirm(true);
        setBusy(false);
        return;
      }
    }
    const r = await api.invoke('render:export', {
      project: getProject(),
      path: target,
      preset,
      overwrite,
      aiLabel,
      ...(range === 'inout' && hasRange ? { inFrame: markIn, outFrame: markOut } : {}),
    });
    setBusy(false);
    if (!r.ok) return ui().toast('error', r.error.message);
    exports.set(r.value.jobId, target);
    lastPath.value = target;
    ui().set({ status: `Exporting ${target}…` });
    close();
  };
  const rate = project.timeline.rate;
  const generated = useMemo(() => {
    const p = PRESETS.find((x) => x.id === preset);
    const settings = p ? presetSettings(p, { ...project.settings, rate: project.timeline.rate }) : {};
    return generatedRanges(project, { settings, ...(range === 'inout' && hasRange ? { start: markIn, end: markOut } : {}) }).length;
  }, [project, preset, range, hasRange, markIn, markOut]);
  return (
    <div className="modal-back" onMouseDown={close}>
      <div className="modal small" role="dialog" data-testid="overlay-export" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-head">Export</div>
        <div className="form">
          <label>
            Preset
            <select data-testid="export-preset" value={preset} onChange={(e) => setPreset(e.target.value)}>
              {PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Range
            <select data-testid="export-range" value={range} onChange={(e) => setRange(e.target.value as 'all' | 'inout')}>
              <option value="all">Whole timeline</option>
              <option value="inout" disabled={!hasRange}>
                In to out{hasRange ? ` (${formatTimecode(markIn, rate)} – ${formatTimecode(markOut, rate)})` : ' (set I and O first)'}
              </option>
            </select>
          </label>
          <label>
            File
            <input data-testid="export-path" value={file} onChange={(e) => (setFile(e.target.value), setConfirm(false))} onKeyDown={(e) => e.key === 'Enter' && void start(false)} />
          </label>
          <label className="check" style={{ flexDirection: 'row', alignItems: 'center', gap: 6, color: 'var(--text)', fontSize: 12 }}>
            <input type="checkbox" data-testid="export-ai-label" checked={aiLabel} onChange={(e) => setAiLabel(e.target.checked)} /> Burn “AI-generated” label over generated ranges
          </label>
          <div className="hint" data-testid="export-provenance">
            {generated > 0
              ? `Generated media shows or sounds in ${generated} ${generated === 1 ? 'range' : 'ranges'} of this export: recorded in the file's metadata and in ${manifestPath(target.split(/[\\/]/).pop() ?? target)}.`
              : 'No generated media shows or sounds in this export.'}
          </div>
          {confirm && <div className="warn" data-testid="export-exists">{target} exists. Replace it?</div>}
        </div>
        <div className="modal-foot">
          <button className="btn" onClick={close}>
            Cancel
          </button>
          {confirm ? (
            <button className="btn primary" data-testid="export-replace" disabled={busy} onClick={() => void start(true)}>
              Replace
            </button>
          ) : (
            <button className="btn primary" data-testid="export-start" disabled={busy} onClick={() => void start(false)}>
              Export
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
