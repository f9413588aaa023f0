import { ENGINE_VERSION } from '../src';

describe('engine entry point', () => {
  it('exports a version', () => {
    expect(ENGINE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
