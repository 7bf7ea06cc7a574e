// CMX3600 channel field <-> the set of tracks an event covers. V is picture, A1..An
// sound. The combined codes are the ones OpenTimelineIO's cmx adapter reads and
// writes: B = V+A1, AA = A1+A2, A2/V, AA/V; A is A1. Avid writes any audio track as
// An (A7, A12...); NONE is an event on no track.

export type Channel = 'V' | `A${number}`;

const TOKENS: Readonly<Record<string, readonly Channel[]>> = {
  V: ['V'],
  V1: ['V'],
  A: ['A1'],
  AA: ['A1', 'A2'],
  B: ['V', 'A1'],
};

/** Channels of an event's channel field ([] for NONE), or null when it is not one. */
export function parseChannels(field: string): Channel[] | null {
  const upper = field.toUpperCase();
  if (upper === 'NONE') return [];
  const out = new Set<Channel>();
  for (const token of upper.split('/')) {
    const audio = /^A0*([1-9]\d?)$/.exec(token);
    const chans: readonly Channel[] | undefined = audio ? [`A${Number(audio[1])}`] : TOKENS[token];
    if (!chans) return null;
    for (const c of chans) out.add(c);
  }
  return out.size ? sortChannels([...out]) : null;
}

const order = (c: Channel): number => (c === 'V' ? 0 : Number(c.slice(1)));
export const sortChannels = (list: Channel[]): Channel[] => [...list].sort((a, b) => order(a) - order(b));

/** The channel field for a set of channels (V first). */
export function formatChannels(list: readonly Channel[]): string {
  const set = new Set(list);
  const video = set.has('V');
  const a1 = set.has('A1');
  const a2 = set.has('A2');
  const rest = sortChannels([...set].filter((c) => c !== 'V' && c !== 'A1' && c !== 'A2'));
  let audio = a1 && a2 ? 'AA' : a1 ? 'A' : a2 ? 'A2' : '';
  if (rest.length) audio = [audio, ...rest].filter(Boolean).join('/');
  if (video && audio === 'A') return 'B';
  if (video && audio) return `${audio}/V`;
  if (video) return 'V';
  return audio;
}
