import { IsNull, Not, type DataSource, type Repository } from 'typeorm';
import { isUniqueViolation } from '../../db/errors';
import { ChannelCodeEntity, ChannelWelcomeEntity } from './channel.entity';

export type ChannelValues = Omit<ChannelCodeEntity, 'id' | 'createdAt' | 'updatedAt' | 'deletedAt'>;

/** Channel codes (few per corp: scope is judged in the service over the whole list) and their welcomes. */
export class ChannelsRepository {
  private readonly codes: Repository<ChannelCodeEntity>;
  private readonly welcomes: Repository<ChannelWelcomeEntity>;

  constructor(dataSource: DataSource) {
    this.codes = dataSource.getRepository(ChannelCodeEntity);
    this.welcomes = dataSource.getRepository(ChannelWelcomeEntity);
  }

  /** Codes not deleted, newest first. */
  list(): Promise<ChannelCodeEntity[]> {
    return this.codes.find({ where: { deletedAt: IsNull() }, order: { id: 'DESC' } });
  }

  /** Codes WeCom should ring someone for: not deleted and made in WeCom. */
  live(): Promise<ChannelCodeEntity[]> {
    return this.codes.find({ where: { deletedAt: IsNull(), configId: Not(IsNull()) }, order: { id: 'ASC' } });
  }

  find(id: number): Promise<ChannelCodeEntity | null> {
    return this.codes.findOneBy({ id, deletedAt: IsNull() });
  }

  /** The code with this state, deleted or not (states stay unique so old customers keep their channel). */
  byState(state: string): Promise<ChannelCodeEntity | null> {
    return this.codes.findOneBy({ state });
  }

  /** The new code's id, or null when its state is taken. */
  async insert(values: ChannelValues): Promise<number | null> {
    try {
      const { identifiers } = await this.codes.insert(values);
      return Number(identifiers[0]!.id);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** False when the new state is taken by another code. */
  async update(id: number, values: Partial<ChannelValues>): Promise<boolean> {
    try {
      await this.codes.update(id, values);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async softDelete(id: number, at: Date): Promise<void> {
    await this.codes.update(id, { deletedAt: at });
  }

  /** Claims a welcome code for sending: false when another path (or process) has it already. */
  async claimWelcome(
    values: Pick<
      ChannelWelcomeEntity,
      'welcomeCode' | 'channelId' | 'userId' | 'externalUserId' | 'receivedAt'
    >,
  ): Promise<number | null> {
    try {
      const { identifiers } = await this.welcomes.insert({
        ...values,
        outcome: null,
        errorCode: null,
        sentAt: null,
      });
      return Number(identifiers[0]!.id);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async recordWelcome(
    id: number,
    outcome: NonNullable<ChannelWelcomeEntity['outcome']>,
    sentAt: Date | null,
    errorCode: number | null,
  ): Promise<void> {
    await this.welcomes.update(id, { outcome, sentAt, errorCode });
  }

  welcomeByCode(welcomeCode: string): Promise<ChannelWelcomeEntity | null> {
    return this.welcomes.findOneBy({ welcomeCode });
  }
}
