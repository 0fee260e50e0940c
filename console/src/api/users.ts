import {
  userPageSchema,
  userSchema,
  type CreateUserRequest,
  type Page,
  type UpdateUserRequest,
  type User,
  type UserListQuery,
} from '@keeper/shared';
import { http } from './request';

export function getUserListApi(query: UserListQuery): Promise<Page<User>> {
  return http.get('/api/users', { query: { ...query }, schema: userPageSchema });
}

export function createUserApi(body: CreateUserRequest): Promise<User> {
  return http.post('/api/users', body, { schema: userSchema });
}

export function updateUserApi(id: number, body: UpdateUserRequest): Promise<User> {
  return http.patch(`/api/users/${id}`, body, { schema: userSchema });
}
