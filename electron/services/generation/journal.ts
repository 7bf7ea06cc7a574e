// The durable record of every generation: one JSON file per generation in the project's
// data folder, written atomically BEFORE each request goes out and again the moment a
// remote id is known, so a crash never loses a paid result and never buys it twice.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { GenerationRequestSchema, GenerationStateSchema, SeamSchema } from '../../../shared/generation/model';
import { MediaSchema } from '../../../shared/timeline/model';
import { writeFileAtomic } from '../project/projectFile';

export const JournalTakeSchema = z.strictObject({
  mediaId: z.string(),
  /** where the finished file lands */
  path: z.string(),
  state: GenerationStateSchema,
  /** set just before the create request is sent (epoch seconds) */
  submittedAt: z.number().optional(),
  remoteId: z.string().optional(),
  /** a chained take: one request per part, each journalled the same way */
  parts: z.array(z.strictObject({ submittedAt: z.number().optional(), remoteId: z.string().optional(), done: z.boolean().optional() })).optional(),
  media: MediaSchema.optional(),
  seam: SeamSchema.optional(),
  error: z.string().optional(),
  errorCode: z.string().optional(),
});
export type JournalTake = z.infer<typeof JournalTakeSchema>;

export const JournalEntrySchema = z.strictObject({
  version: z.literal(1),
  id: z.string(),
  projectId: z.string(),
  request: GenerationRequestSchema,
  /** the provider as it was when the job started (a settings change must not redirect a running job) */
  provider: z.strictObject({ kind: z.enum(['local', 'remote']), label: z.string(), presetId: z.string().optional(), baseURL: z.string().optional() }),
  /** resolved source files (main-process paths), so a resumed job needs no renderer */
  inputs: z.strictObject({ source: z.string().optional(), sourceB: z.string().optional(), image: z.string().optional(), remixRemoteId: z.string().optional(), extendRemoteId: z.string().optional() }),
  state: GenerationStateSchema,
  createdAt: z.string(),
  costUsd: z.number(),
  message: z.string().optional(),
  errorCode: z.string().optional(),
  takes: z.array(JournalTakeSchema),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

export class Journal {
  readonly jobsDir: string;
  readonly mediaDir: string;
  constructor(readonly dir: string) {
    this.jobsDir = path.join(dir, 'jobs');
    this.mediaDir = path.join(dir, 'generated');
  }

  private file(id: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`bad generation id ${id}`);
    return path.join(this.jobsDir, `${id}.json`);
  }

  async write(entry: JournalEntry): Promise<void> {
    await fs.promises.mkdir(this.jobsDir, { recursive: true });
    await writeFileAtomic(this.file(entry.id), JSON.stringify(JournalEntrySchema.parse(entry), null, 1));
  }

  /** Every readable entry; damaged files are skipped (and reported), never deleted. */
  readAll(): { entries: JournalEntry[]; damaged: string[] } {
    const entries: JournalEntry[] = [];
    const damaged: string[] = [];
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.jobsDir).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    } catch {
      return { entries, damaged };
    }
    for (const n of names.sort()) {
      try {
        const parsed = JournalEntrySchema.safeParse(JSON.parse(fs.readFileSync(path.join(this.jobsDir, n), 'utf8')));
        if (parsed.success) entries.push(parsed.data);
        else damaged.push(n);
      } catch {
        damaged.push(n);
      }
    }
    return { entries, damaged };
  }
}
