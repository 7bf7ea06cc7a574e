// Provider presets: the models each preset offers, retirement, prices and size picking.
import { describe, expect, it } from 'vitest';
import {
  REMOTE_PRESETS,
  findModel,
  findPreset,
  genericModel,
  isRetired,
  pickSeconds,
  pickSize,
  presetForBaseURL,
  priceFor,
  ratePerSecond,
  retirementNote,
} from '../../../../shared/generation/remotePresets';

describe('remote presets', () => {
  it('has the five presets with their base URLs', () => {
    expect(REMOTE_PRESETS.map((p) => [p.id, p.baseURL])).toEqual([
      ['vllm-omni', 'http://127.0.0.1:8091/v1'],
      ['sglang', 'http://127.0.0.1:30000/v1'],
      ['openai', 'https://api.openai.com/v1'],
      ['azure', 'https://<resource>.openai.azure.com/openai/v1/'],
      ['custom', ''],
    ]);
  });

  it('self-hosted models take any size, are free and list their extra fields', () => {
    const wan = findModel('vllm-omni', 'Wan-AI/Wan2.2-TI2V-5B-Diffusers')!;
    expect(wan.sizes).toBe('any');
    expect(wan.pricePerSecondUsd).toBe(0);
    expect(wan.seconds[0]).toBe(1);
    expect(findModel('sglang', 'Lightricks/LTX-2')!.maxSecondsPerCall).toBe(20);
    expect(findPreset('vllm-omni')!.extraFields).toContain('negative_prompt');
    expect(findPreset('vllm-omni')!.models.some((m) => m.id.includes('Wan2.2'))).toBe(true);
  });

  it('Sora 2 models follow the contract', () => {
    const sora = findModel('openai', 'sora-2')!;
    expect(sora.sizes).toEqual(['720x1280', '1280x720']);
    expect(sora.seconds).toEqual([4, 8, 12]);
    expect(sora).toMatchObject({ supportsExtensions: true, supportsImageReference: true, supportsRemix: true, retired: '2026-09-24' });
    expect(findModel('openai', 'sora-2-pro')!.sizes).toContain('1920x1080');
    expect(findModel('azure', 'sora-2')!.retired).toBe('2026-10-15');
    expect(findModel('openai', 'nope')).toBeUndefined();
    expect(findModel('nope', 'sora-2')).toBeUndefined();
  });

  it('tells retired from live by date', () => {
    const sora = findModel('openai', 'sora-2')!;
    expect(isRetired(sora, new Date('2026-09-23T23:59:59Z'))).toBe(false);
    expect(isRetired(sora, new Date('2026-09-24T00:00:00Z'))).toBe(true);
    expect(isRetired(findModel('vllm-omni', 'Lightricks/LTX-2')!)).toBe(false);
    expect(isRetired(findPreset('azure')!, new Date('2026-11-01'))).toBe(true);
  });

  it('prices per generated second, with sora-2-pro dearer at 1024p and above', () => {
    expect(priceFor(findModel('openai', 'sora-2')!, '1280x720', 8)).toBeCloseTo(0.8);
    const pro = findModel('openai', 'sora-2-pro')!;
    expect(priceFor(pro, '1280x720', 4)).toBeCloseTo(1.2);
    expect(priceFor(pro, '1792x1024', 4)).toBeCloseTo(2);
    expect(priceFor(pro, '1080x1920', 12)).toBeCloseTo(6);
    expect(ratePerSecond(pro.pricePerSecondUsd, 'garbage')).toBe(0.3);
    expect(priceFor(genericModel('x'), '640x360', 10)).toBe(0);
  });

  it('picks the allowed size closest to the project aspect, preferring one at least as tall', () => {
    const sora = findModel('openai', 'sora-2')!;
    const pro = findModel('openai', 'sora-2-pro')!;
    expect(pickSize(sora, 1920, 1080)).toBe('1280x720');
    expect(pickSize(sora, 1080, 1920)).toBe('720x1280');
    expect(pickSize(sora, 1000, 1000)).toBe('720x1280'); // a tie in aspect: the one at least as tall as the project
    expect(pickSize(pro, 1920, 1080)).toBe('1920x1080');
    expect(pickSize(pro, 1280, 720)).toBe('1280x720');
    expect(pickSize(pro, 640, 360)).toBe('1280x720');
    expect(pickSize(pro, 3840, 2160)).toBe('1920x1080');
    expect(pickSize(pro, 1792, 1024)).toBe('1792x1024');
  });

  it("rounds the project size to multiples of 16 for 'any'", () => {
    const wan = findModel('vllm-omni', 'Wan-AI/Wan2.2-TI2V-5B-Diffusers')!;
    expect(pickSize(wan, 1920, 1080)).toBe('1920x1088');
    expect(pickSize(wan, 1280, 720)).toBe('1280x720');
    expect(pickSize(wan, 5, 5)).toBe('16x16');
  });

  it('picks seconds not under the wanted length where it can', () => {
    const sora = findModel('openai', 'sora-2')!;
    expect(pickSeconds(sora, 5)).toBe(8);
    expect(pickSeconds(sora, 4)).toBe(4);
    expect(pickSeconds(sora, 30)).toBe(12);
  });

  it('knows presets by base URL and says when a known service retired a model', () => {
    expect(presetForBaseURL('https://api.openai.com/v1')?.id).toBe('openai');
    expect(presetForBaseURL('https://myres.openai.azure.com/openai/v1/')?.id).toBe('azure');
    expect(presetForBaseURL('http://127.0.0.1:8091/v1/')?.id).toBe('vllm-omni');
    expect(presetForBaseURL('http://gpu-box:9000/v1')).toBeUndefined();
    expect(retirementNote('https://api.openai.com/v1', 'sora-2')).toBe('OpenAI shut down sora-2 on 2026-09-24.');
    expect(retirementNote('http://gateway/v1', 'sora-2-pro-2025-10-06')).toBe('OpenAI shut down sora-2-pro on 2026-09-24.');
    expect(retirementNote('https://myres.openai.azure.com/openai/v1/', 'my-deployment')).toBe('Azure retired its last sora-2 on 2026-10-15.');
    expect(retirementNote('http://127.0.0.1:8091/v1', 'Lightricks/LTX-2')).toBeNull();
  });
});
