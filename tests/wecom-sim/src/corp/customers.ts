import type { Customer, Follow } from './types.js';

function key(userid: string, externalUserId: string): string {
  return `${userid}\u0000${externalUserId}`;
}

function byCreateTime(a: Follow, b: Follow): number {
  return a.createtime - b.createtime || (a.external_userid < b.external_userid ? -1 : 1);
}

/**
 * Customers and who follows them. Indexed both ways because the API reads per member (list, batch/get_by_user)
 * and per customer (get) over thousands of rows.
 */
export class Customers {
  readonly customers = new Map<string, Customer>();
  private readonly follows = new Map<string, Follow>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly byCustomer = new Map<string, Set<string>>();

  follow(userid: string, externalUserId: string): Follow | undefined {
    return this.follows.get(key(userid, externalUserId));
  }

  /** Oldest first, so cursors over them stay stable while new customers are added. */
  followsOfUser(userid: string): Follow[] {
    const ext = this.byUser.get(userid);
    if (!ext) return [];
    const out: Follow[] = [];
    for (const e of ext) {
      const f = this.follows.get(key(userid, e));
      if (f) out.push(f);
    }
    return out.sort(byCreateTime);
  }

  followsOfCustomer(externalUserId: string): Follow[] {
    const users = this.byCustomer.get(externalUserId);
    if (!users) return [];
    const out: Follow[] = [];
    for (const u of users) {
      const f = this.follows.get(key(u, externalUserId));
      if (f) out.push(f);
    }
    return out.sort((a, b) => a.createtime - b.createtime || (a.userid < b.userid ? -1 : 1));
  }

  allFollows(): Follow[] {
    return [...this.follows.values()];
  }

  followCount(): number {
    return this.follows.size;
  }

  putFollow(follow: Follow): void {
    this.follows.set(key(follow.userid, follow.external_userid), follow);
    let users = this.byCustomer.get(follow.external_userid);
    if (!users) this.byCustomer.set(follow.external_userid, (users = new Set()));
    users.add(follow.userid);
    let ext = this.byUser.get(follow.userid);
    if (!ext) this.byUser.set(follow.userid, (ext = new Set()));
    ext.add(follow.external_userid);
  }

  removeFollow(userid: string, externalUserId: string): Follow | undefined {
    const k = key(userid, externalUserId);
    const f = this.follows.get(k);
    if (!f) return undefined;
    this.follows.delete(k);
    this.byUser.get(userid)?.delete(externalUserId);
    this.byCustomer.get(externalUserId)?.delete(userid);
    return f;
  }

  /** Used when a corp tag is deleted: WeCom removes it from every customer. */
  removeTagEverywhere(tagIds: ReadonlySet<string>): void {
    for (const f of this.follows.values()) {
      if (f.tagIds.some((t) => tagIds.has(t))) f.tagIds = f.tagIds.filter((t) => !tagIds.has(t));
    }
  }
}
