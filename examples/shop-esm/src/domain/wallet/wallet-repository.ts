import type { Currency, Email, Wallet, WalletId } from './wallet.js'

export interface WalletRepository {
  findById(id: WalletId): Promise<Wallet | undefined>
  save(wallet: Wallet): Promise<void>
  remove(id: WalletId): Promise<boolean>
  findByOwner(owner: Email): Promise<Wallet | null>
  findByFrozenFalseAndBalanceGreaterThan(minimum: bigint): Promise<Wallet[]>
  findByCurrencyOrderByOpenedAtAsc(currency: Currency): Promise<Wallet[]>
  findByClosedAtIsNotNull(): Promise<Wallet[]>
}
