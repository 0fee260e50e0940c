/** customer_group_members.type of a customer (1 is a member of the corp). */
const CUSTOMER = 2;

/**
 * The customers (column `id`) who are in any of the customer groups named by `:...param` now (they have not left), as a
 * subquery other modules' queries embed. The primary key (chat_id, member_id) serves it.
 */
export function customersInGroupsSql(param: string): string {
  return (
    `SELECT gm.member_id AS id FROM customer_group_members gm WHERE gm.chat_id IN (:...${param}) ` +
    `AND gm.left_at IS NULL AND gm.type = ${CUSTOMER}`
  );
}
