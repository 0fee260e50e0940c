import type { WeComCallbackEvent } from '@keeper/bot';
import type { EntityManager } from 'typeorm';
import type { DomainEventMap, DomainEventName } from '../../events/domain-events';

export type CallbackEventType = WeComCallbackEvent['type'];
export type CallbackEventOf<T extends CallbackEventType> = Extract<WeComCallbackEvent, { type: T }>;

export interface HandlerContext {
  /**
   * Runs the handler's writes in the transaction that also marks the inbox row done, so an event's effect
   * and its "handled" mark commit together. Call WeCom's API before this, never inside it.
   */
  commit(work: (manager: EntityManager) => Promise<void>): Promise<void>;
  /** Published once the transaction has committed. */
  emit<N extends DomainEventName>(name: N, payload: DomainEventMap[N]): void;
  receivedAt: Date;
}

export type EventHandler<T extends CallbackEventType> = (
  event: CallbackEventOf<T>,
  context: HandlerContext,
) => Promise<void>;

/** Which code handles which callback type. Types without a handler are recorded and marked done. */
export class EventHandlers {
  private readonly handlers = new Map<CallbackEventType, EventHandler<CallbackEventType>>();

  on<T extends CallbackEventType>(type: T, handler: EventHandler<T>): this {
    if (this.handlers.has(type)) throw new Error(`A handler for ${type} is already registered`);
    this.handlers.set(type, handler as unknown as EventHandler<CallbackEventType>);
    return this;
  }

  find(type: CallbackEventType): EventHandler<CallbackEventType> | undefined {
    return this.handlers.get(type);
  }
}
