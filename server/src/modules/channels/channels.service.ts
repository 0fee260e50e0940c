import { WeComError, type WeComClient } from '@keeper/bot';
import { ErrorCode, type Channel, type ChannelFigures, type ChannelInput } from '@keeper/shared';
import { AppError, forbidden, notFound } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { CustomerDirectory } from '../customers/customer-directory.service';
import type { ScopeService } from '../org/scope.service';
import type { ChannelCodeEntity } from './channel.entity';
import type { ChannelDuty } from './channel-duty';
import type { ChannelsRepository, ChannelValues } from './channels.repository';
import { shanghaiTime } from './duty';

type Viewer = Pick<AuthUser, 'username' | 'scope'>;

/** 41044: WeCom no longer knows the config_id (deleted there already). */
const UNKNOWN_CONFIG = 41044;
/** WeCom's remark on a contact way is at most 30 characters. */
const REMARK_MAX = 30;
const QR_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Channel codes (渠道活码). A code is the viewer's when every member it names (default, shift and backup
 * members) lies in the viewer's departments: only then is it listed, changed or deleted; otherwise it does not
 * exist for them (404). A code naming someone outside is refused (403). `state` is unique among all codes,
 * deleted ones included, since the customers they brought still carry it (409).
 */
export class ChannelsService {
  constructor(
    private readonly deps: {
      repository: ChannelsRepository;
      duty: ChannelDuty;
      customers: CustomerDirectory;
      scopes: ScopeService;
      client: WeComClient | undefined;
      now: () => Date;
      fetchImage?: (url: string) => Promise<Response>;
    },
  ) {}

  async list(viewer: Viewer): Promise<Channel[]> {
    const codes = await this.deps.repository.list();
    const visible: ChannelCodeEntity[] = [];
    for (const code of codes) if (await this.covers(viewer, code)) visible.push(code);
    return this.present(visible);
  }

  async get(id: number, viewer: Viewer): Promise<Channel> {
    return (await this.present([await this.visible(id, viewer)]))[0]!;
  }

  async create(input: ChannelInput, viewer: Viewer): Promise<Channel> {
    await this.requireMembersInScope(viewer, input);
    if (await this.deps.repository.byState(input.state)) throw stateTaken(input.state);
    const client = this.requireClient();
    const onDuty = await this.deps.duty.onDuty({ ...input, enabled: true });
    const way = await client.addContactWay({
      type: 2,
      scene: 2,
      state: input.state,
      skip_verify: input.skipVerify,
      remark: [...input.name].slice(0, REMARK_MAX).join(''),
      user: onDuty,
    });
    const departments = await this.deps.scopes.departmentsFor(viewer);
    const id = await this.deps.repository.insert({
      ...valuesOf(input),
      enabled: true,
      configId: way.config_id,
      qrCode: way.qr_code ?? null,
      onDuty,
      scopeDepartments: departments === 'all' ? null : departments,
      createdBy: viewer.username,
    });
    if (id === null) {
      // Another code took the state meanwhile: the contact way just made would be an orphan in WeCom.
      await client.deleteContactWay(way.config_id).catch(() => undefined);
      throw stateTaken(input.state);
    }
    return this.get(id, viewer);
  }

  async update(id: number, input: ChannelInput, viewer: Viewer): Promise<Channel> {
    const code = await this.visible(id, viewer);
    await this.requireMembersInScope(viewer, input);
    const other = await this.deps.repository.byState(input.state);
    if (other && other.id !== id) throw stateTaken(input.state);
    const onDuty = await this.deps.duty.onDuty({ ...input, enabled: code.enabled });
    if (code.configId) {
      await this.requireClient().updateContactWay({
        config_id: code.configId,
        state: input.state,
        skip_verify: input.skipVerify,
        remark: [...input.name].slice(0, REMARK_MAX).join(''),
        user: onDuty,
      });
    }
    if (!(await this.deps.repository.update(id, { ...valuesOf(input), onDuty })))
      throw stateTaken(input.state);
    return this.get(id, viewer);
  }

  /** A disabled code stays in WeCom (its printed QR keeps working) but rings its backups and sends nothing. */
  async setEnabled(id: number, enabled: boolean, viewer: Viewer): Promise<Channel> {
    const code = await this.visible(id, viewer);
    const onDuty = await this.deps.duty.onDuty({ ...code, enabled });
    if (code.configId)
      await this.requireClient().updateContactWay({ config_id: code.configId, user: onDuty });
    await this.deps.repository.update(id, { enabled, onDuty });
    return this.get(id, viewer);
  }

  /** Deletes the contact way in WeCom; Keeper keeps the row so the customers it brought still count. */
  async remove(id: number, viewer: Viewer): Promise<void> {
    const code = await this.visible(id, viewer);
    if (code.configId) {
      try {
        await this.requireClient().deleteContactWay(code.configId);
      } catch (error) {
        if (!(error instanceof WeComError && error.code === UNKNOWN_CONFIG)) throw error;
      }
    }
    await this.deps.repository.softDelete(id, this.deps.now());
  }

  /** The QR image WeCom made for the code, fetched here (WeCom's image host is not for browsers to rely on). */
  async qrImage(id: number, viewer: Viewer): Promise<Buffer> {
    const code = await this.visible(id, viewer);
    if (!code.qrCode) throw notFound('QR code');
    const fetchImage =
      this.deps.fetchImage ?? ((url: string) => fetch(url, { signal: AbortSignal.timeout(10_000) }));
    const response = await fetchImage(code.qrCode);
    if (!response.ok)
      throw new AppError(ErrorCode.WeComUnavailable, `WeCom's QR image answered ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > QR_MAX_BYTES)
      throw new AppError(ErrorCode.WeComUnavailable, "WeCom's QR image is too large");
    return bytes;
  }

  private async visible(id: number, viewer: Viewer): Promise<ChannelCodeEntity> {
    const code = await this.deps.repository.find(id);
    if (!code || !(await this.covers(viewer, code))) throw notFound('Channel');
    return code;
  }

  private async covers(viewer: Viewer, code: Pick<ChannelInput, 'memberIds' | 'shifts' | 'backupMemberIds'>) {
    const named = namedMembers(code);
    return (await this.deps.scopes.membersInScope(viewer, named)).size === named.length;
  }

  private async requireMembersInScope(viewer: Viewer, input: ChannelInput): Promise<void> {
    if (!(await this.covers(viewer, input)))
      throw forbidden('Every member and backup of a channel code must be in your departments');
  }

  private requireClient(): WeComClient {
    if (!this.deps.client)
      throw new AppError(ErrorCode.NotConfigured, 'WeCom customer contact is not configured', {
        hint: 'Set WECOM_CONTACT_SECRET.',
      });
    return this.deps.client;
  }

  private async present(codes: ChannelCodeEntity[]): Promise<Channel[]> {
    const now = this.deps.now();
    const figures = await this.deps.customers.channelFigures(
      codes.map((code) => code.state),
      now,
      shanghaiTime(now).dayStart,
    );
    return codes.map((code) => {
      const book = figures.get(code.state);
      const channelFigures: ChannelFigures = {
        adds: book?.adds ?? 0,
        losses: book?.losses ?? 0,
        added7: book?.added7 ?? 0,
        kept7: book && book.added7 > 0 ? book.kept7 : null,
        added30: book?.added30 ?? 0,
        kept30: book && book.added30 > 0 ? book.kept30 : null,
        addsToday: book?.addsToday ?? 0,
      };
      return {
        id: String(code.id),
        name: code.name,
        state: code.state,
        memberIds: code.memberIds,
        shifts: code.shifts,
        dailyCap: code.dailyCap,
        backupMemberIds: code.backupMemberIds,
        skipVerify: code.skipVerify,
        tagIds: code.tagIds,
        remarkPrefix: code.remarkPrefix,
        welcome: code.welcome,
        configId: code.configId,
        enabled: code.enabled,
        onDuty: code.onDuty,
        figures: channelFigures,
        createdBy: code.createdBy,
        createdAt: code.createdAt.toISOString(),
        updatedAt: code.updatedAt.toISOString(),
      };
    });
  }
}

function namedMembers(code: Pick<ChannelInput, 'memberIds' | 'shifts' | 'backupMemberIds'>): string[] {
  return [
    ...new Set([
      ...code.memberIds,
      ...code.shifts.flatMap((shift) => shift.memberIds),
      ...code.backupMemberIds,
    ]),
  ];
}

function valuesOf(
  input: ChannelInput,
): Omit<ChannelValues, 'enabled' | 'configId' | 'qrCode' | 'onDuty' | 'scopeDepartments' | 'createdBy'> {
  return {
    name: input.name,
    state: input.state,
    memberIds: input.memberIds,
    shifts: input.shifts,
    dailyCap: input.dailyCap,
    backupMemberIds: input.backupMemberIds,
    skipVerify: input.skipVerify,
    tagIds: input.tagIds,
    remarkPrefix: input.remarkPrefix || null,
    welcome: input.welcome,
  };
}

function stateTaken(state: string): AppError {
  return new AppError(ErrorCode.Conflict, `The channel state "${state}" is already used by another code`);
}
