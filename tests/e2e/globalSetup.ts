// Builds the interface once before any browser test, so no test's own time limits pay
// for a Vite build that a changed source tree triggers.
import { ensureRendererBuilt } from '../../electron/services/rendererBuild';

export default async function setup(): Promise<void> {
  await ensureRendererBuilt((line) => console.log(line));
}
