// What an export says about the generated media in it: the same record twice, in the
// file's own metadata (a `segue_provenance` tag holding the JSON, a one-line `comment`
// for people) and in a sidecar `<output>.provenance.json` that adds the file's name and
// SHA-256. Times are the exported file's own (0 at its first frame, also for an in/out
// export; `timelineStartFrame` says where that was on the timeline); an end is exclusive
// (the first frame after the range), as an EDL's record out. One entry per generated
// media and stretch of it, so entries of sources that overlap (a dissolve between two
// generated clips, generated picture over generated sound) overlap too.
//
// An export with no generated media seen or heard gets neither the tags nor a manifest:
// its file is written exactly as before, and an older manifest beside it is removed.
import { formatTimecode, framesToSeconds, type Rate } from '../timeline/time';
import { unionSpans, type GeneratedRange } from './ranges';

export const PROVENANCE_SCHEMA = 'segue.provenance/1';
/** The metadata key holding the record's JSON. */
export const PROVENANCE_TAG = 'segue_provenance';

/** The sidecar beside an export. */
export const manifestPath = (output: string): string => `${output}.provenance.json`;

export interface ProvenanceEntry {
  startSeconds: number;
  endSeconds: number;
  startTimecode: string;
  endTimecode: string;
  /** frames of the file at `rate`, [startFrame, endFrame) */
  startFrame: number;
  endFrame: number;
  provider: string;
  model: string;
  /** SHA-256 of the prompt (UTF-8), hex; the prompt itself is never written */
  promptSha256: string | null;
  jobId: string | null;
  /** the media's name in the project */
  media: string;
  as: Array<'picture' | 'sound'>;
}

/** What the file's tag holds. */
export interface ProvenanceRecord {
  schema: typeof PROVENANCE_SCHEMA;
  tool: string;
  createdAt: string;
  /** the timeline's (and the file's) frame rate */
  rate: { num: number; den: number };
  /** the timeline frame the file's first frame comes from */
  timelineStartFrame: number;
  generatedRanges: ProvenanceEntry[];
}

/** The sidecar: the record, with the file it describes. */
export interface ProvenanceManifest extends ProvenanceRecord {
  /** the export's file name (the manifest sits beside it) */
  file: string;
  /** SHA-256 of the exported file's bytes */
  fileSha256: string;
}

export interface RecordOptions {
  rate: Rate;
  /** the timeline frame the export starts at */
  start: number;
  createdAt: string;
  /** "Segue <version>" */
  tool: string;
}

/** The record of an export whose generated ranges (timeline frames) are `ranges`. */
export function provenanceRecord(ranges: readonly GeneratedRange[], o: RecordOptions): ProvenanceRecord {
  const time = (timelineFrame: number) => {
    const frame = timelineFrame - o.start;
    return { frame, seconds: framesToSeconds(frame, o.rate), timecode: formatTimecode(frame, o.rate) };
  };
  const entries = ranges.flatMap((r) =>
    r.sources.map((s): ProvenanceEntry => {
      const a = time(s.start);
      const b = time(s.end);
      return {
        startSeconds: a.seconds,
        endSeconds: b.seconds,
        startTimecode: a.timecode,
        endTimecode: b.timecode,
        startFrame: a.frame,
        endFrame: b.frame,
        provider: s.provider,
        model: s.model,
        promptSha256: s.promptSha256,
        jobId: s.jobId,
        media: s.media,
        as: [...s.as],
      };
    }),
  );
  return { schema: PROVENANCE_SCHEMA, tool: o.tool, createdAt: o.createdAt, rate: { num: o.rate.num, den: o.rate.den }, timelineStartFrame: o.start, generatedRanges: entries };
}

export function provenanceManifest(record: ProvenanceRecord, file: { name: string; sha256: string }): ProvenanceManifest {
  const { schema, ...rest } = record;
  return { schema, file: file.name, fileSha256: file.sha256, ...rest };
}

/** At most this many ranges are spelled out in the comment. */
const SUMMARY_RANGES = 5;

/** One line for people: where the generated media is and who made it. */
export function provenanceSummary(record: ProvenanceRecord): string {
  const rate = record.rate;
  const spans = unionSpans(record.generatedRanges.map((e) => ({ start: e.startFrame, end: e.endFrame })));
  const shown = spans.slice(0, SUMMARY_RANGES).map((s) => `${formatTimecode(s.start, rate)}-${formatTimecode(s.end, rate)}`);
  const more = spans.length > SUMMARY_RANGES ? ` and ${spans.length - SUMMARY_RANGES} more` : '';
  const makers = [...new Set(record.generatedRanges.map((e) => (e.model ? `${e.provider} ${e.model}` : e.provider)))].join(', ');
  return `Contains AI-generated media at ${shown.join(', ')}${more} (${makers}). Details in the ${PROVENANCE_TAG} tag; ${record.tool}.`;
}

/** The tags an export carries; none when nothing generated is in it. */
export function provenanceTags(record: ProvenanceRecord): Record<string, string> {
  if (record.generatedRanges.length === 0) return {};
  return { comment: provenanceSummary(record), [PROVENANCE_TAG]: JSON.stringify(record) };
}
