// Settings › Providers: the default provider, the `/v1/videos` server (preset, base URL,
// model, extra fields), the API key (sent once to the main process, never shown again),
// a budget cap and Test Connection.
import { useEffect, useState } from 'react';
import type { ProviderSettings } from '../../../shared/generation/providerSettings';
import type { ProvidersView } from '../../../shared/ipc/contract';
import { findPreset, isRetired, REMOTE_PRESETS } from '../../../shared/generation/remotePresets';
import { getApi } from '../api';
import { ui, useUi } from '../state/uiStore';

export function ProvidersDialog() {
  const [view, setView] = useState<ProvidersView | null>(null);
  const [draft, setDraft] = useState<ProviderSettings | null>(null);
  const [key, setKey] = useState('');
  const [extra, setExtra] = useState('');
  const [test, setTest] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const back = useUi((s) => (s.generateTarget ? 'generate' : null));
  const close = () => ui().set({ overlay: back });

  useEffect(() => {
    void getApi()
      .invoke('providers:get', {})
      .then((r) => {
        if (!r.ok) return ui().toast('error', r.error.message);
        setView(r.value);
        setDraft(r.value.settings);
        setExtra(Object.entries(r.value.settings.remote.extra).map(([k, v]) => `${k}=${v}`).join('\n'));
      });
  }, []);
  if (!draft || !view) return null;
  const preset = findPreset(draft.remote.presetId);
  const model = preset?.models.find((m) => m.id === draft.remote.model);
  const retired = (model && isRetired(model)) || (preset && isRetired(preset));
  const setRemote = (patch: Partial<ProviderSettings['remote']>) => setDraft({ ...draft, remote: { ...draft.remote, ...patch } });
  const parsedExtra = (): Record<string, string | number> =>
    Object.fromEntries(
      extra
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.includes('='))
        .map((l) => {
          const [k, ...v] = l.split('=');
          const value = v.join('=').trim();
          return [k!.trim(), value !== '' && Number.isFinite(Number(value)) ? Number(value) : value];
        }),
    );
  const save = async (): Promise<boolean> => {
    setBusy(true);
    const r = await getApi().invoke('providers:set', { settings: { ...draft, remote: { ...draft.remote, extra: parsedExtra() } }, ...(key ? { apiKey: key } : {}) });
    setBusy(false);
    if (!r.ok) {
      ui().toast('error', r.error.message);
      return false;
    }
    setView(r.value);
    setKey('');
    return true;
  };
  const runTest = async () => {
    if (!(await save())) return;
    setTest({ ok: true, text: 'Testing…' });
    const r = await getApi().invoke('providers:test', {});
    setTest(r.ok ? { ok: true, text: r.value.message } : { ok: false, text: r.error.message });
  };
  return (
    <div className="modal-back" onMouseDown={close}>
      <div className="modal small" role="dialog" data-testid="overlay-providers" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-head">Generation Providers</div>
        <div className="form">
          <label>
            Extend and Generate use
            <select data-testid="providers-default" value={draft.defaultProvider} onChange={(e) => setDraft({ ...draft, defaultProvider: e.target.value as 'local' | 'remote' })}>
              <option value="local">Local drafts (ffmpeg, offline, free)</option>
              <option value="remote">The /v1/videos server below</option>
            </select>
          </label>
          <div className="form-row">
            <label>
              Server
              <select
                data-testid="providers-preset"
                value={draft.remote.presetId}
                onChange={(e) => {
                  const p = findPreset(e.target.value);
                  setRemote({ presetId: e.target.value, ...(p ? { baseURL: p.baseURL, model: p.models[0]?.id ?? draft.remote.model } : {}) });
                }}
              >
                {REMOTE_PRESETS.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                    {p.retired ? ' (retired)' : ''}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Model
              <input data-testid="providers-model" list="provider-models" value={draft.remote.model} onChange={(e) => setRemote({ model: e.target.value })} />
              <datalist id="provider-models">
                {preset?.models.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}
                  </option>
                ))}
              </datalist>
            </label>
          </div>
          {preset && <div className="hint">{preset.note}</div>}
          {retired && (
            <div className="warn" data-testid="providers-retired">
              This service no longer serves {draft.remote.model} (shut down {model?.retired ?? preset?.retired}). Point Segue at a self-hosted server or a gateway instead.
            </div>
          )}
          <label>
            Base URL
            <input data-testid="providers-baseurl" value={draft.remote.baseURL} onChange={(e) => setRemote({ baseURL: e.target.value })} spellCheck={false} />
          </label>
          <label>
            API key {view.key === 'env' ? '(from OPENAI_API_KEY)' : view.key === 'stored' ? '(stored — type to replace)' : '(none)'}
            <input data-testid="providers-key" type="password" autoComplete="off" value={key} placeholder={view.key === 'none' ? 'not needed for most self-hosted servers' : '••••••••'} onChange={(e) => setKey(e.target.value.trim())} />
          </label>
          <div className="hint">Kept by the main process only ({view.keyStore === 'safeStorage' ? "the system's secure storage" : 'a private file in the Segue data folder'}); never in projects or logs.</div>
          {preset && preset.extraFields.length > 0 && (
            <label>
              Extra fields (one name=value per line: {preset.extraFields.join(', ')})
              <textarea data-testid="providers-extra" rows={2} value={extra} onChange={(e) => setExtra(e.target.value)} spellCheck={false} />
            </label>
          )}
          {draft.remote.presetId === 'custom' && (
            <div className="form-row" data-testid="providers-capabilities">
              {(
                [
                  ['imageReference', 'starts from an image'],
                  ['extensions', 'extends its own videos'],
                  ['remix', 'remixes'],
                ] as const
              ).map(([key, label]) => (
                <label key={key} className="check">
                  <input
                    type="checkbox"
                    checked={draft.remote.capabilities?.[key] ?? key === 'imageReference'}
                    onChange={(e) => setRemote({ capabilities: { ...draft.remote.capabilities, [key]: e.target.checked } })}
                  />{' '}
                  The model {label}
                </label>
              ))}
            </div>
          )}
          <label>
            Price per generated second (USD; empty: {model ? `the preset's $${typeof model.pricePerSecondUsd === 'number' ? model.pricePerSecondUsd.toFixed(2) : model.pricePerSecondUsd.base.toFixed(2)}` : 'free'})
            <input
              data-testid="providers-price"
              type="number"
              min={0}
              step={0.01}
              value={draft.remote.pricePerSecondUsd ?? ''}
              onChange={(e) => setRemote({ pricePerSecondUsd: e.target.value === '' ? null : Math.max(0, Number(e.target.value)) })}
            />
          </label>
          <label>
            Budget cap per project (USD, empty for none)
            <input
              data-testid="providers-budget"
              type="number"
              min={0}
              step={1}
              value={draft.budgetUsd ?? ''}
              onChange={(e) => setDraft({ ...draft, budgetUsd: e.target.value === '' ? null : Math.max(0, Number(e.target.value)) })}
            />
          </label>
          {test && (
            <div className={test.ok ? 'hint' : 'warn'} data-testid="providers-test-result">
              {test.text}
            </div>
          )}
        </div>
        <div className="modal-foot">
          {view.key === 'stored' && (
            <button className="btn link" onClick={() => void getApi().invoke('providers:set', { settings: draft, apiKey: null }).then((r) => r.ok && setView(r.value))}>
              Forget key
            </button>
          )}
          <button className="btn" data-testid="providers-test" disabled={busy} onClick={() => void runTest()}>
            Test Connection
          </button>
          <span className="spacer" />
          <button className="btn" onClick={close}>
            Cancel
          </button>
          <button className="btn primary" data-testid="providers-save" disabled={busy} onClick={() => void save().then((ok) => ok && close())}>
            Save
          </button>
        </div>
      </div>
    </div>
  );
}
