import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { parseSimOptions, type SimConfig, type SimOptionsInput } from './config.js';
import { SimController } from './control/controller.js';
import type { Clock } from './corp/clock.js';
import type { CorpState } from './corp/corp-state.js';
import { Sim } from './sim.js';

export interface RunningSimulator {
  /** Base URL: use it where Keeper would use https://qyapi.weixin.qq.com. */
  url: string;
  /** The live corp (replaced by a reset, so read it through this getter each time). */
  readonly state: CorpState;
  control: SimController;
  config: SimConfig;
  /** The corp's "now" (moved by `control.advanceClock`), for a Keeper in the same process to share. */
  clock: Clock;
  close(): Promise<void>;
}

/** Starts the simulator with a seeded demo corp. `port: 0` picks a free port. */
export async function startSimulator(options: SimOptionsInput = {}): Promise<RunningSimulator> {
  const config = parseSimOptions(options);
  const sim = new Sim(config);
  const control = new SimController(sim);
  const server = buildApp(sim, control).listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  sim.publicUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  return {
    url: sim.publicUrl,
    get state() {
      return sim.state;
    },
    control,
    config,
    clock: sim.clock,
    async close() {
      sim.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { parseSimOptions, DEMO_DEFAULTS } from './config.js';
export type { SimConfig, SimOptionsInput } from './config.js';
export { SimController } from './control/controller.js';
export type { Credentials } from './control/controller.js';
export type { CallbackLogEntry } from './callbacks/dispatcher.js';
export type {
  ChatMessage,
  Customer,
  Follow,
  Staff,
  GroupChat,
  OutboxMessage,
  TransferRecord,
  MassMessage,
} from './corp/types.js';
export type { CorpState } from './corp/corp-state.js';
