import { randomBytes } from 'node:crypto';
import { ErrorCode, Role, UserStatus, type LoginRequest, type Me } from '@keeper/shared';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import { UserEntity } from '../users/user.entity';
import type { UsersRepository } from '../users/users.repository';
import type { UsersService } from '../users/users.service';
import type { LoginLimiter } from './login-limiter';
import { hashPassword, verifyPassword } from './password';
import type { NewSession, SessionService } from './session.service';

export interface LoginResult {
  me: Me;
  session: NewSession;
}

export class AuthService {
  /** Verified against when the username is unknown, so a miss costs as long as a wrong password. */
  private readonly decoyHash: Promise<string> = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    private readonly repository: UsersRepository,
    private readonly users: UsersService,
    private readonly sessions: SessionService,
    private readonly limiter: LoginLimiter,
  ) {}

  async login(input: LoginRequest, client: { ip: string; userAgent: string }): Promise<LoginResult> {
    const taken = await this.limiter.takeAttempt(input.username, client.ip);
    if (!taken.allowed) throw tooManyAttempts(taken.waitMs);

    let user: UserEntity | null;
    let passwordOk: boolean;
    try {
      user = await this.repository.findByUsername(input.username);
      passwordOk = await verifyPassword(user?.passwordHash ?? (await this.decoyHash), input.password);
    } catch (error) {
      await taken.attempt.abandoned();
      throw error;
    }
    // A wrong password keeps the attempt it took.
    if (!user || !user.passwordHash || !passwordOk) {
      throw new AppError(ErrorCode.InvalidCredentials, 'Wrong username or password');
    }
    await taken.attempt.passwordAccepted();
    if (user.status !== UserStatus.Active) {
      throw new AppError(ErrorCode.AccountDisabled, 'This account is disabled', {
        hint: 'Ask an administrator to enable it.',
      });
    }
    const authUser = await this.users.loadAuthUser(user.id);
    if (!authUser) throw new AppError(ErrorCode.AccountDisabled, 'This account is disabled');
    const session = await this.sessions.create(user.id, client);
    await this.repository.touchLastLogin(user.id);
    return { me: toMe(authUser, session.csrfToken), session };
  }

  /**
   * Makes sure somebody can sign in: the admin named by the configuration, or (embedded mode, empty
   * database) a generated one whose password is returned to be printed once.
   */
  async ensureInitialAdmin(
    configured: { username: string; password: string } | undefined,
  ): Promise<{ username: string; password: string; generated: boolean } | null> {
    if (configured) {
      if (await this.repository.findByUsername(configured.username)) return null;
      await this.createAdmin(configured.username, configured.password);
      return { ...configured, generated: false };
    }
    if ((await this.repository.count()) > 0) return null;
    const password = randomBytes(12).toString('base64url');
    await this.createAdmin('admin', password);
    return { username: 'admin', password, generated: true };
  }

  private async createAdmin(username: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.repository.transaction(async (manager) => {
      const inserted = await manager.insert(UserEntity, {
        username,
        displayName: username,
        passwordHash,
        status: UserStatus.Active,
        wecomUserId: null,
      });
      await this.repository.replaceGrants(manager, Number(inserted.identifiers[0]?.id), {
        roles: [Role.Admin],
      });
    });
  }
}

export function toMe(user: AuthUser, csrfToken: string): Me {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    permissions: [...user.permissions].sort(),
    scope: user.scope,
    csrfToken,
  };
}

function tooManyAttempts(waitMs: number): AppError {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  return new AppError(
    ErrorCode.TooManyAttempts,
    `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    { headers: { 'Retry-After': String(Math.ceil(waitMs / 1000)) } },
  );
}
