// Review mode in the renderer: File › Open for Review… opens a project read-only (the
// document store refuses every command but marker edits), the main process builds proxies
// for its video, and once they are ready the monitor plays a preview rendered from them.
// Save offers Save As…: the copy is a normal, editable project, so notes are never lost.
import { create } from 'zustand';
import type { OutputOf } from '../../../shared/ipc/contract';
import { getApi } from '../api';
import { forgetMediaAssets } from '../media/derived';
import { renderPreview } from '../media/preview';
import { useDocument } from '../state/documentStore';
import { ui } from '../state/uiStore';
import { afterOpen, chooseWithDialog, mayReplaceDocument, showProject } from './importing';

interface ReviewState {
  /** the file open for review (null: not in review) */
  file: string | null;
  /** proxies: null until the first build answered */
  proxies: OutputOf<'proxies:build'> | null;
  building: boolean;
}

export const useReview = create<ReviewState>(() => ({ file: null, proxies: null, building: false }));

/** Enters (file) or leaves (null) review mode in the renderer: the read-only flag and the badge. */
export function setReviewMode(file: string | null): void {
  useDocument.getState().setReadOnly(file !== null);
  useReview.setState({ file, proxies: null, building: false });
}

/** Builds (or reuses) the proxies of the project under review, then renders the preview from them. */
export async function buildProxies(): Promise<void> {
  const file = useReview.getState().file;
  if (!file) return;
  useReview.setState({ building: true });
  const r = await getApi().invoke('proxies:build', {});
  if (useReview.getState().file !== file || !useDocument.getState().readOnly) return; // another project was opened meanwhile
  useReview.setState({ building: false, proxies: r.ok ? r.value : null });
  if (!r.ok) return ui().toast('error', r.error.message);
  for (const f of r.value.failed) ui().toast('error', f.message);
  const { ready, total, cancelled } = r.value;
  ui().set({ status: cancelled ? `Proxies cancelled (${ready} of ${total} ready); the rest plays from the original files.` : `Review proxies ready (${ready} of ${total})` });
  // Clips the monitor shows before the preview lands now come from the proxies too.
  forgetMediaAssets();
  if (getDocumentHasClips()) void renderPreview();
}

const getDocumentHasClips = () => useDocument.getState().history.present?.timeline.tracks.some((t) => t.items.some((i) => i.kind === 'clip')) ?? false;

/** Opens `path` read-only for review. */
export async function openReviewFile(path: string): Promise<void> {
  if (!mayReplaceDocument()) return;
  ui().set({ status: `Opening ${path} for review…` });
  const r = await getApi().invoke('project:openReview', { path });
  if (!r.ok) return ui().toast('error', r.error.message);
  showProject(r.value, `Opened ${r.value.name} for review (read-only): play, scrub and add markers (M).`, /\.segue$/i.test(path) ? path : null);
  setReviewMode(path);
  ui().set({ programPreview: null });
  void afterOpen();
  void buildProxies();
}

/** File › Open for Review…: the native dialog in the desktop app, the in-app picker in browser mode. */
export const startOpenReview = (): Promise<void> => chooseWithDialog(getApi().invoke('dialog:openProject', {}), 'review', openReviewFile);

/** After the app (re)loads the host's current project: back into review mode if the host is in it. */
export async function syncReviewMode(): Promise<void> {
  const r = await getApi().invoke('project:review', {});
  const file = r.ok && r.value.review ? r.value.file : null;
  setReviewMode(file);
  if (file) void buildProxies();
}
