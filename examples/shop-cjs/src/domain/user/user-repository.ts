import type { Page, PageRequest, Repository } from '../shared/repository'
import type { Role, User, UserId, UserStatus } from './user'

export interface UserRepository extends Repository<User, UserId> {
  findByEmail(email: string): Promise<User | null>
  getByUserId(userId: string): Promise<User>
  findByNickName(nickname: string): Promise<User[]>
  findByStatus(status: UserStatus): Promise<User[]>
  findByStatusAndRole(status: UserStatus, role: Role): Promise<User[]>
  findByRoleOrStatus(role: Role, status: UserStatus): Promise<User[]>
  findByStatusNot(status: UserStatus): Promise<User[]>
  findByRoleIn(roles: Role[]): Promise<User[]>
  findByRoleNotIn(roles: readonly Role[]): Promise<User[]>
  findByAgeLessThan(age: number): Promise<User[]>
  findByAgeLessThanEqual(age: number): Promise<User[]>
  findByAgeGreaterThan(age: number): Promise<User[]>
  findByAgeGreaterThanEqual(age: number): Promise<User[]>
  findByAgeBetween(min: number, max: number): Promise<User[]>
  findByCreatedAtBetween(from: Date, to: Date): Promise<User[]>
  findByNameLike(pattern: string): Promise<User[]>
  findByNameStartingWith(prefix: string): Promise<User[]>
  findByNameEndingWith(suffix: string): Promise<User[]>
  findByNameContaining(text: string): Promise<User[]>
  findByAgeIsNull(): Promise<User[]>
  findByAgeIsNotNull(): Promise<User[]>
  findByVerifiedTrue(): Promise<User[]>
  findByVerifiedFalse(): Promise<User[]>
  findByAddressCity(city: string): Promise<User[]>
  findByAddressIsNull(): Promise<User[]>
  findFirstByStatusOrderByCreatedAtDesc(status: UserStatus): Promise<User | null>
  findTop2ByVerifiedTrueOrderByNameAsc(): Promise<User[]>
  findByStatusOrderByNameAsc(status: UserStatus, page: PageRequest): Promise<Page<User>>
  findByRole(role: Role, window: { limit: number; offset: number }): Promise<User[]>
  countByStatus(status: UserStatus): Promise<number>
  existsByEmail(email: string): Promise<boolean>
  deleteByStatus(status: UserStatus): Promise<number>
  findActiveUsersWithoutOrders(): Promise<User[]>
}
