import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

describe(parseConfig.name, () => {
  it('uses the embedded SQLite database and port 3000 when nothing is set', () => {
    const sut = parseConfig({});
    expect(sut.http.port).toBe(3000);
    expect(sut.database).toEqual({ dialect: 'sqlite', path: expect.stringMatching(/data\/keeper\.sqlite$/) });
    expect(sut.auth.initialAdmin).toBeUndefined();
  });

  it('treats empty variables as unset, as a copied .env.example leaves them', () => {
    const sut = parseConfig({ PORT: '', DATABASE_URL: '', WECOM_API_BASE_URL: ' ', KEEPER_ADMIN_USER: '' });
    expect(sut.http.port).toBe(3000);
    expect(sut.database.dialect).toBe('sqlite');
    expect(sut.wecom.apiBaseUrl).toBe('https://qyapi.weixin.qq.com');
  });

  it('rejects a malformed WeCom EncodingAESKey, naming where it comes from', () => {
    expect(() =>
      parseConfig({ WECOM_CORP_ID: 'ww1', WECOM_TOKEN: 'abc', WECOM_AES_KEY: 'too-short' }),
    ).toThrow(/WECOM_AES_KEY: must be exactly 43 letters or digits/);
  });

  it('uses MySQL when DATABASE_URL is a mysql:// URL', () => {
    const sut = parseConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/keeper' });
    expect(sut.database).toEqual({
      dialect: 'mysql',
      url: 'mysql://root@127.0.0.1:3306/keeper',
      connectTimeoutMs: 5_000,
      queryTimeoutMs: 30_000,
    });
  });

  it('serves no metrics unless a token or a local port is configured, and binds that port to 127.0.0.1', () => {
    expect(parseConfig({}).metrics).toEqual({ token: undefined, listener: undefined });
    expect(parseConfig({ METRICS_PORT: '9464' }).metrics.listener).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseConfig({ METRICS_TOKEN: 'a-long-random-metrics-token' }).metrics.token).toBe(
      'a-long-random-metrics-token',
    );
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16/);
    expect(() => parseConfig({ METRICS_PORT: 'prometheus' })).toThrow(/METRICS_PORT/);
  });

  it('lists every bad key at once', () => {
    const attempt = () =>
      parseConfig({
        PORT: 'eighty',
        DATABASE_URL: 'postgres://x',
        LOG_LEVEL: 'loud',
        SESSION_TTL_HOURS: '-1',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const keys = (error as ConfigError).problems.map((problem) => problem.key).sort();
      expect(keys).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'SESSION_TTL_HOURS']);
      expect((error as ConfigError).message).toContain('DATABASE_URL: must be a mysql:// URL');
    }
  });

  it('refuses an admin user without a password, and a short admin password', () => {
    expect(() => parseConfig({ KEEPER_ADMIN_USER: 'admin' })).toThrow(/KEEPER_ADMIN_PASSWORD/);
    expect(() => parseConfig({ KEEPER_ADMIN_USER: 'admin', KEEPER_ADMIN_PASSWORD: 'short' })).toThrow(
      /KEEPER_ADMIN_PASSWORD: must be at least 10 characters/,
    );
  });

  it('marks cookies secure when the public URL is https', () => {
    expect(parseConfig({ PUBLIC_URL: 'https://scrm.example.com' }).http.secureCookies).toBe(true);
    expect(parseConfig({}).http.secureCookies).toBe(false);
  });

  it('keeps the materials library beside the data unless MATERIALS_DIR says otherwise', () => {
    expect(parseConfig({}).materials.dir).toMatch(/data\/materials$/);
    expect(parseConfig({ MATERIALS_DIR: '/srv/keeper/materials' }).materials.dir).toBe(
      '/srv/keeper/materials',
    );
    expect(parseConfig({}).sandboxMediaDir).toBeUndefined();
  });
});
