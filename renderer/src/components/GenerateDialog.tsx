// The Extend / Fill Gap / Generate dialog: prompt, length, provider and model, size,
// takes, crossfade, and the cost estimate before anything is spent. Enter generates.
import { useEffect, useMemo, useState } from 'react';
import type { Estimate, ProvidersView } from '../../../shared/ipc/contract';
import { findModel, genericModel, pickSize } from '../../../shared/generation/remotePresets';
import { framesToSeconds } from '../../../shared/timeline/time';
import { getApi } from '../api';
import { getProject } from '../state/documentStore';
import { ui, useUi } from '../state/uiStore';
import { buildRequest, describeTarget, MODE_TITLES, startGeneration, type GenerateForm } from '../generation/actions';

export const money = (usd: number) => (usd === 0 ? 'free' : `$${usd.toFixed(2)}`);

/** "project spend $1.20 of $5.00 budget": what the project has spent, against its cap. */
export const spendText = (e: { spentUsd: number; budgetUsd: number | null }) => `project spend $${e.spentUsd.toFixed(2)}${e.budgetUsd !== null ? ` of $${e.budgetUsd.toFixed(2)} budget` : ''}`;

/** The foot of a dialog that spends money: provider settings, Cancel, and the button that starts it. */
export function GenerateFoot(props: { testid: string; disabled: boolean; onGo: () => void; onClose: () => void; children: React.ReactNode }) {
  return (
    <div className="modal-foot">
      <button className="btn link" onClick={() => ui().set({ overlay: 'providers' })}>
        Provider settings…
      </button>
      <span className="spacer" />
      <button className="btn" onClick={props.onClose}>
        Cancel
      </button>
      <button className="btn primary" data-testid={props.testid} disabled={props.disabled} onClick={props.onGo}>
        {props.children}
      </button>
    </div>
  );
}

export function GenerateDialog() {
  const target = useUi((s) => s.generateTarget);
  const [providers, setProviders] = useState<ProvidersView | null>(null);
  // What the target implies, as the document was when the dialog opened (once the result
  // is placed the gap it fills no longer exists, and the dialog must not ask again).
  const [project] = useState(getProject);
  const described = useMemo(() => {
    try {
      return target ? describeTarget(project, target) : null;
    } catch {
      return null;
    }
  }, [project, target]);
  const [form, setForm] = useState<GenerateForm>(() => ({
    prompt: described?.prompt ?? '',
    seconds: described?.frames ? framesToSeconds(described.frames, project.timeline.rate) : 4,
    provider: 'local',
    model: '',
    width: project.settings.width,
    height: project.settings.height,
    takes: 1,
    crossfadeSeconds: 0.5,
  }));
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => ui().set({ overlay: null, generateTarget: null });

  useEffect(() => {
    void getApi()
      .invoke('providers:get', {})
      .then((r) => {
        if (!r.ok) return;
        setProviders(r.value);
        setForm((f) => ({ ...f, provider: r.value.settings.defaultProvider, model: r.value.settings.remote.model }));
      });
  }, []);

  const remote = providers?.settings.remote;
  const model = remote ? (findModel(remote.presetId, remote.model) ?? genericModel(remote.model)) : null;
  const sizes = form.provider === 'remote' && model && model.sizes !== 'any' ? model.sizes : null;
  // A remote model with a fixed list of sizes gets the one closest to the project's shape.
  useEffect(() => {
    if (!model) return;
    const [w, h] = (form.provider === 'remote' ? pickSize(model, project.settings.width, project.settings.height) : `${project.settings.width}x${project.settings.height}`).split('x').map(Number);
    setForm((f) => (f.width === w && f.height === h ? f : { ...f, width: w!, height: h! }));
  }, [form.provider, model?.id]);

  useEffect(() => {
    if (!target) return;
    const t = setTimeout(() => {
      let request;
      try {
        request = buildRequest(getProject(), target, form);
      } catch {
        return;
      }
      void getApi()
        .invoke('generation:estimate', { request })
        .then((r) => setEstimate(r.ok ? r.value : { costUsd: 0, billedSeconds: 0, calls: 0, providerLabel: '', blocked: r.error.message, spentUsd: 0, budgetUsd: null }));
    }, 150);
    return () => clearTimeout(t);
  }, [form, target]);

  if (!target || !described) return null;
  const fixedLength = described.frames !== null;
  const extend = target.mode === 'extend' || target.mode === 'extendBefore';
  const set = (patch: Partial<GenerateForm>) => setForm((f) => ({ ...f, ...patch }));
  const go = async () => {
    if (busy || estimate?.blocked) return;
    setBusy(true);
    const ok = await startGeneration(target, form);
    setBusy(false);
    if (ok) close();
  };
  return (
    <div className="modal-back" onMouseDown={close}>
      <div
        className="modal small"
        role="dialog"
        data-testid="overlay-generate"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            void go();
          }
          if (e.key === 'Escape') close();
        }}
      >
        <div className="modal-head">
          {MODE_TITLES[target.mode]}
          {extend ? ` · after ${described.name.replace(/ (ext|lead-in)$/, '')}` : ''}
        </div>
        <div className="form">
          <label>
            Prompt
            <textarea data-testid="generate-prompt" rows={3} autoFocus value={form.prompt} onChange={(e) => set({ prompt: e.target.value })} placeholder="What happens next" />
          </label>
          <div className="form-row">
            <label>
              Length (s)
              <input data-testid="generate-seconds" type="number" min={0.1} max={600} step={0.5} disabled={fixedLength} value={form.seconds} onChange={(e) => set({ seconds: Math.max(0.1, Number(e.target.value) || 0) })} title={fixedLength ? 'A bridge is exactly as long as the gap' : undefined} />
            </label>
            {extend && (
              <label>
                Crossfade (s)
                <input data-testid="generate-crossfade" type="number" min={0} max={5} step={0.1} value={form.crossfadeSeconds} onChange={(e) => set({ crossfadeSeconds: Math.max(0, Number(e.target.value) || 0) })} />
              </label>
            )}
            <label>
              Takes
              <input data-testid="generate-takes" type="number" min={1} max={4} disabled={form.provider === 'local'} value={form.provider === 'local' ? 1 : form.takes} onChange={(e) => set({ takes: Number(e.target.value) })} title={form.provider === 'local' ? 'The local provider makes one draft' : undefined} />
            </label>
          </div>
          <div className="form-row">
            <label>
              Provider
              <select data-testid="generate-provider" value={form.provider} onChange={(e) => set({ provider: e.target.value as 'local' | 'remote' })}>
                <option value="local">Local draft (offline, free)</option>
                <option value="remote">{remote ? `${remote.baseURL} · ${remote.model}` : '/v1/videos server'}</option>
              </select>
            </label>
            <label>
              Size
              {sizes ? (
                <select data-testid="generate-size" value={`${form.width}x${form.height}`} onChange={(e) => set({ width: Number(e.target.value.split('x')[0]), height: Number(e.target.value.split('x')[1]) })}>
                  {sizes.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              ) : (
                <input data-testid="generate-size" value={`${form.width}x${form.height}`} readOnly title="The project's size" />
              )}
            </label>
          </div>
          <div className={`estimate${estimate?.blocked ? ' blocked' : ''}`} data-testid="generate-estimate">
            {estimate
              ? estimate.blocked
                ? estimate.blocked
                : `${estimate.providerLabel} · ${money(estimate.costUsd)}${estimate.costUsd > 0 ? ` (${estimate.billedSeconds} s billed × ${form.takes})` : ''} · ${spendText(estimate)}`
              : 'Estimating…'}
          </div>
        </div>
        <GenerateFoot testid="generate-start" disabled={busy || !estimate || Boolean(estimate.blocked)} onGo={() => void go()} onClose={close}>
          Generate
        </GenerateFoot>
      </div>
    </div>
  );
}
