// Previz dialogs: Export / Import Shot List (CSV or a Markdown table through the main
// process), and the confirmation before shots are generated with a provider: which shots,
// which provider and model, what each costs and the TOTAL — nothing is spent before Start.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Estimate, ProvidersView } from '../../../shared/ipc/contract';
import type { GenerationRequest } from '../../../shared/generation/model';
import { framesToSeconds } from '../../../shared/timeline/time';
import { getApi } from '../api';
import { estimateRequestFor, generateShots, importShotListFile, shotById } from '../previz/actions';
import { previz, usePreviz } from '../previz/store';
import { getProject, useProject } from '../state/documentStore';
import { ui } from '../state/uiStore';
import { ReadFromDialog, tableExt, useBesideProject, WriteToDialog } from './ProjectDialogs';
import { GenerateFoot, money, spendText } from './GenerateDialog';

export function ExportShotsDialog() {
  const initial = useBesideProject(' shots.csv');
  return (
    <WriteToDialog
      title="Export Shot List"
      overlay="exportShots"
      testid="shots-export"
      initial={initial}
      ext={tableExt}
      note={(t) =>
        `${/\.md$/i.test(t) ? 'A Markdown table' : 'CSV for any spreadsheet (or name it .md for a Markdown table)'}: shot, duration (seconds), prompt, camera, image (its file), references (by name) and continue of every shot. Import Shot List reads it back.`
      }
      write={async (t, overwrite) => {
        const r = await getApi().invoke('previz:exportShotList', { project: getProject(), path: t, overwrite });
        if (!r.ok) {
          ui().toast('error', r.error.message);
          return false;
        }
        ui().set({ status: `Exported ${r.value.shots} shot${r.value.shots === 1 ? '' : 's'} to ${r.value.file}` });
        return true;
      }}
    />
  );
}

export function ImportShotsDialog() {
  return (
    <ReadFromDialog
      title="Import Shot List"
      overlay="importShots"
      testid="shots-import"
      initial={useBesideProject(' shots.csv')}
      hint="A .csv, .tsv or .md table with a header row: shot (or name), duration (seconds or a timecode), prompt, and any of camera, image (a file in the bin), references (names in the library, separated by ; or ,) and continue. The shots are added after the selection; one undo takes them all back."
      read={importShotListFile}
    />
  );
}

interface Row {
  shotId: string;
  name: string;
  seconds: number;
  how: string;
  estimate: Estimate | null;
  request: GenerationRequest | null;
  error?: string;
}

const howOf = (r: GenerationRequest | null, continues: boolean) => (continues ? 'continues' : r?.mode === 'image' ? 'image → video' : 'text → video');

/** Generate with Provider…: the shots, the provider and model, each shot's cost and the total. */
export function GenerateShotsDialog() {
  const ask = usePreviz((s) => s.generateAsk);
  const project = useProject();
  const [providers, setProviders] = useState<ProvidersView | null>(null);
  const [provider, setProvider] = useState<'local' | 'remote'>(ask?.provider ?? 'remote');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  // Keys (Escape, Enter) reach the dialog even when a text field had the focus.
  useEffect(() => dialog.current?.focus(), []);
  const close = () => {
    previz().set({ generateAsk: null });
    ui().set({ overlay: null });
  };
  useEffect(() => {
    void getApi()
      .invoke('providers:get', {})
      .then((r) => r.ok && setProviders(r.value));
  }, []);
  const model = provider === 'remote' ? (providers?.settings.remote.model ?? '') : '';
  const shotIds = useMemo(() => ask?.shotIds.filter((id) => shotById(getProject(), id)) ?? [], [ask]);

  // Estimates for every shot, asked again when the provider changes; nothing starts here.
  useEffect(() => {
    if (!providers || shotIds.length === 0) return;
    let live = true;
    setRows(null);
    void (async () => {
      const out: Row[] = [];
      for (const id of shotIds) {
        const p = getProject();
        const shot = shotById(p, id)!;
        const row: Row = { shotId: id, name: shot.name, seconds: framesToSeconds(shot.frames, p.timeline.rate), how: '', estimate: null, request: null };
        try {
          const request = estimateRequestFor(id, { provider, model });
          row.request = request;
          row.how = howOf(request, shot.continueFromPrevious && p.previz!.shots.findIndex((s) => s.id === id) > 0);
          const r = await getApi().invoke('generation:estimate', { request });
          if (r.ok) row.estimate = r.value;
          else row.error = r.error.message;
        } catch (e) {
          row.error = e instanceof Error ? e.message : String(e);
        }
        out.push(row);
      }
      if (live) setRows(out);
    })();
    return () => {
      live = false;
    };
  }, [providers, provider, model, shotIds]);

  if (!ask) return null;
  const total = rows?.reduce((sum, r) => sum + (r.estimate?.costUsd ?? 0), 0) ?? 0;
  const first = rows?.find((r) => r.estimate)?.estimate ?? null;
  const blocked = rows?.find((r) => r.error || r.estimate?.blocked);
  const overBudget = first && first.budgetUsd !== null && first.spentUsd + total > first.budgetUsd + 1e-9;
  const remote = providers?.settings.remote;
  const label = provider === 'local' ? 'Local draft (offline, free)' : first?.providerLabel || (remote ? `${remote.baseURL} · ${remote.model}` : '/v1/videos server');
  const go = async () => {
    if (!rows || blocked || overBudget || busy) return;
    setBusy(true);
    const costs = new Map(rows.filter((r) => r.estimate).map((r) => [r.shotId, r.estimate!.costUsd]));
    close();
    await generateShots(shotIds, { provider, model, costs });
  };
  return (
    <div className="modal-back" onMouseDown={close}>
      <div
        className="modal small pz-generate"
        ref={dialog}
        tabIndex={-1}
        role="dialog"
        data-testid="overlay-previzGenerate"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
          if (e.key === 'Enter' && !(e.target instanceof HTMLSelectElement)) void go();
        }}
      >
        <div className="modal-head">
          Generate {shotIds.length} Shot{shotIds.length === 1 ? '' : 's'}
          <span className="modal-sub">nothing is spent until you press Generate</span>
        </div>
        <div className="form">
          <div className="form-row">
            <label>
              Provider
              <select data-testid="previz-generate-provider" value={provider} onChange={(e) => setProvider(e.target.value as 'local' | 'remote')}>
                <option value="local">Local draft (offline, free)</option>
                <option value="remote">{remote ? `${remote.baseURL} · ${remote.model}` : '/v1/videos server'}</option>
              </select>
            </label>
          </div>
          <div className="pz-rows" data-testid="previz-generate-rows">
            <div className="pz-row head">
              <span>Shot</span>
              <span>Length</span>
              <span>How</span>
              <span>Cost</span>
            </div>
            {(rows ?? shotIds.map((id) => ({ shotId: id, name: shotById(project, id)?.name ?? '', seconds: 0, how: '…', estimate: null, request: null }) as Row)).map((r) => (
              <div key={r.shotId} className={`pz-row${r.error || r.estimate?.blocked ? ' blocked' : ''}`} data-testid="previz-generate-row" title={r.error ?? r.estimate?.blocked ?? undefined}>
                <span className="pz-name">{r.name || 'Shot'}</span>
                <span>{r.seconds ? `${Number(r.seconds.toFixed(2))} s` : ''}</span>
                <span>{r.how}</span>
                <span className="pz-cost">{r.error ? 'error' : r.estimate ? money(r.estimate.costUsd) : '…'}</span>
              </div>
            ))}
          </div>
          <div className={`estimate${blocked || overBudget ? ' blocked' : ''}`} data-testid="previz-generate-total">
            {!rows
              ? 'Estimating…'
              : blocked
                ? `${blocked.name}: ${blocked.error ?? blocked.estimate?.blocked}`
                : `${label} · total ${money(total)} for ${rows.length} shot${rows.length === 1 ? '' : 's'}${first ? ` · ${spendText(first)}` : ''}${overBudget ? ' — over the budget' : ''}`}
          </div>
        </div>
        <GenerateFoot testid="previz-generate-start" disabled={!rows || Boolean(blocked) || Boolean(overBudget) || busy} onGo={() => void go()} onClose={close}>
          Generate{rows ? ` · ${money(total)}` : ''}
        </GenerateFoot>
      </div>
    </div>
  );
}
