import { In, type DataSource } from 'typeorm';
import { CustomerEntity, CustomerFollowEntity } from './customer.entity';

/** Customers as other modules show them: names, and archive consent per relation (groups, chats). */
export class CustomerDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async namesOf(externalUserIds: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(externalUserIds)];
    if (unique.length === 0) return new Map();
    const customers = await this.dataSource
      .getRepository(CustomerEntity)
      .find({ select: { externalUserId: true, name: true }, where: { externalUserId: In(unique) } });
    return new Map(customers.map((customer) => [customer.externalUserId, customer.name]));
  }

  /** Whether each relation of these customers agreed to chat archiving, as WeCom last said. */
  archiveConsentsOf(externalUserIds: string[]) {
    if (externalUserIds.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(CustomerFollowEntity).find({
      select: { externalUserId: true, userId: true, archiveConsent: true },
      where: { externalUserId: In(externalUserIds) },
    });
  }
}
