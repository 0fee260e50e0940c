import { randomBytes } from 'node:crypto';
import { ErrorCode, Role, UserStatus, type LoginRequest, type Me } from '@keeper/shared';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { UsersService } from '../users/users.service';
import type { LoginLimiter } from './login-limiter';
import type { NewSession, SessionService } from './session.service';

export interface LoginResult {
  me: Me;
  session: NewSession;
}

export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionService,
    private readonly limiter: LoginLimiter,
  ) {}

  async login(input: LoginRequest, client: { ip: string; userAgent: string }): Promise<LoginResult> {
    const taken = await this.limiter.takeAttempt(input.username, client.ip);
    if (!taken.allowed) throw tooManyAttempts(taken.waitMs);

    let user: Awaited<ReturnType<UsersService['verifyCredentials']>>;
    try {
      user = await this.users.verifyCredentials(input.username, input.password);
    } catch (error) {
      await taken.attempt.abandoned();
      throw error;
    }
    // A wrong password keeps the attempt it took.
    if (!user) {
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
    await this.users.touchLastLogin(user.id);
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
      if (await this.users.exists(configured.username)) return null;
      await this.createAdmin(configured.username, configured.password);
      return { ...configured, generated: false };
    }
    if ((await this.users.count()) > 0) return null;
    const password = randomBytes(12).toString('base64url');
    await this.createAdmin('admin', password);
    return { username: 'admin', password, generated: true };
  }

  private async createAdmin(username: string, password: string): Promise<void> {
    await this.users.create({
      username,
      displayName: username,
      password,
      roles: [Role.Admin],
      departmentIds: [],
      wecomUserId: null,
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
