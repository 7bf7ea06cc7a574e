// Small documents and a scripted main process for renderer store tests (no DOM, no host).
import type { Channel, InputOf, OutputOf, SegueApi } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import type { Media } from '../../../shared/timeline/model';

export const media = (id: string, seconds = 2, streams: Array<'video' | 'audio'> = ['video', 'audio']): Media => ({
  id,
  name: `${id}.mp4`,
  path: `/m/${id}.mp4`,
  kind: streams.includes('video') ? 'video' : 'audio',
  origin: 'file',
  probe: {
    path: `/m/${id}.mp4`,
    formatName: 'mov,mp4',
    durationSeconds: seconds,
    sizeBytes: 1,
    streams: streams.map((type, index) => ({ index, type, codec: type === 'video' ? 'h264' : 'aac' })),
  },
});

type Handlers = { [C in Channel]?: (input: InputOf<C>) => Result<OutputOf<C>> };

/** A SegueApi whose channels answer from `handlers`; anything else is not_available. */
export function fakeApi(handlers: Handlers): SegueApi & { calls: Array<{ channel: Channel; input: unknown }> } {
  const calls: Array<{ channel: Channel; input: unknown }> = [];
  return {
    transport: 'web',
    calls,
    async invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
      calls.push({ channel, input });
      const h = handlers[channel] as ((i: InputOf<C>) => Result<OutputOf<C>>) | undefined;
      return h ? h(input) : { ok: false, error: { code: 'not_available', message: `${channel} is not available` } };
    },
    on: () => () => undefined,
    assetUrl: (id) => `/asset/${id}`,
  };
}
