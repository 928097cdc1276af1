import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('runs in demo mode when no upstream URL is set', () => {
    const config = loadConfig({});
    expect(config.demo).not.toBeNull();
    expect(config.port).toBe(4000);
    expect(config.ruangkerja).toBeNull();
  });

  it('names the variable and the expectation for a bad PORT', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(new ConfigError('PORT', 'must be an integer port between 0 and 65535', 'eighty'));
  });

  it('stops when a provider URL is set without its credentials', () => {
    expect(() => loadConfig({ ABSORB_BASE_URL: 'https://rest.myabsorb.com' })).toThrow(/ABSORB_API_KEY is required/);
  });

  it('leaves providers without a URL unconfigured outside demo mode', () => {
    const config = loadConfig({ SELFCOMMUNITY_BASE_URL: 'https://community.example', SELFCOMMUNITY_TOKEN: 't', SELFCOMMUNITY_COURSE_IDS: '4, 2,4' });
    expect(config.demo).toBeNull();
    expect(config.absorb).toBeNull();
    expect(config.selfcommunity?.courseIds).toEqual([4, 2]);
  });

  it('never echoes REDIS_URL, which may carry a password', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://user:hunter2@x' })).toThrow(/^REDIS_URL must be a redis/);
    try { loadConfig({ REDIS_URL: 'http://user:hunter2@x' }); } catch (error) { expect(String(error)).not.toContain('hunter2'); }
  });
});
