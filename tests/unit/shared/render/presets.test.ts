import { describe, expect, it } from 'vitest';
import type { FilterGraph } from '../../../../shared/render/graph';
import type { RenderPlan } from '../../../../shared/render/plan';
import { pictureArgs } from '../../../../shared/render/presets';
import { makeRate } from '../../../../shared/timeline/time';

const plan = { settings: { width: 64, height: 36, rate: makeRate(30), sampleRate: 48000, channels: 2, fit: 'fit' }, start: 0, frames: 30, video: [], audio: [] } as RenderPlan;
const graph: FilterGraph = {
  inputs: [
    { options: ['-ss', '1'], path: 'a.mp4' },
    { options: [], path: 'b.mp4' },
  ],
  chains: [{ inputs: ['0:v:0', '1:v:0'], filters: [{ name: 'concat', args: [['n', 2]] }], outputs: ['vout'] }],
  video: 'vout',
  audio: '',
};

describe('pictureArgs', () => {
  it('leaves threading to ffmpeg by default', () => {
    expect(pictureArgs(plan, graph, ['-c:v', 'libx264'], 'mp4', 'o.mp4')).not.toContain('-threads');
  });

  it('gives every decoder and the encoder `threads` threads when segments share the cores', () => {
    const args = pictureArgs(plan, graph, ['-c:v', 'libx264'], 'mp4', 'o.mp4', 1);
    expect(args.slice(0, 12)).toEqual(['-v', 'error', '-ss', '1', '-threads', '1', '-i', 'a.mp4', '-threads', '1', '-i', 'b.mp4']);
    expect(args.slice(-9)).toEqual(['-an', '-c:v', 'libx264', '-threads', '1', '-r', '30/1', '-f', 'mp4', 'o.mp4'].slice(-9));
    expect(args.filter((a) => a === '-threads')).toHaveLength(3);
  });
});
