import { In, type DataSource } from 'typeorm';
import { CustomerEntity } from './customer.entity';

/** Customers' display names, for modules that show customers among other people (groups, chats). */
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
}
