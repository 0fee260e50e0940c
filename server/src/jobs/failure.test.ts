import net from 'node:net';
import { parseCallbackMessage } from '@keeper/bot';
import { FailureCode } from '@keeper/shared';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { failureOf, storedFailureIfAny } from './failure';

/** A port nothing listens on: a database that is down. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the code of a background failure', () => {
  it('names a database that does not answer', async () => {
    const database = new DataSource({
      type: 'mysql',
      host: '127.0.0.1',
      port: await closedPort(),
      username: 'root',
      connectTimeout: 2_000,
    });
    const error: unknown = await database.initialize().then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(failureOf(error)).toMatchObject({ code: FailureCode.DatabaseUnavailable, params: {} });
  });

  it('names a callback whose content is not a WeCom event', () => {
    const error: unknown = (() => {
      try {
        parseCallbackMessage('<xml><ToUserName>broken');
      } catch (failure) {
        return failure;
      }
    })();
    expect(failureOf(error)).toMatchObject({ code: FailureCode.MalformedEvent });
  });

  it('keeps anything else as unknown, with its text as the detail', () => {
    expect(failureOf(new TypeError("Cannot read properties of undefined (reading 'userid')"))).toEqual({
      code: FailureCode.Unknown,
      params: {},
      detail: "Cannot read properties of undefined (reading 'userid')",
    });
  });

  it('reads a row stored before codes existed as unknown with its text, and no failure as none', () => {
    expect(storedFailureIfAny(null, null, 'WeCom listed no departments')).toEqual({
      code: FailureCode.Unknown,
      params: {},
      detail: 'WeCom listed no departments',
    });
    expect(storedFailureIfAny('no_such_code', { errcode: 'x' }, 'text')).toMatchObject({
      code: FailureCode.Unknown,
      params: {},
    });
    expect(storedFailureIfAny(null, null, null)).toBeNull();
  });
});
