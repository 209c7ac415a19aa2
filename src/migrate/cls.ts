import { AsyncLocalStorage } from 'node:async_hooks'
import type { Transaction } from 'sequelize'

type Store = Map<string, unknown>

/**
 * A continuation-local namespace over AsyncLocalStorage, in the shape Sequelize.useCLS expects (get/set/run/bind).
 * While a migration runs inside it, every query of its QueryInterface joins the migration's transaction without
 * the migration passing `{ transaction }` itself. Outside a run the store is empty, so other queries are unaffected.
 */
export class TransactionNamespace {
  private readonly storage = new AsyncLocalStorage<Store>()

  get(key: string): unknown {
    return this.storage.getStore()?.get(key)
  }

  set(key: string, value: unknown): void {
    this.storage.getStore()?.set(key, value)
  }

  /** a child context that starts with the parent's values, like cls-hooked */
  run<T>(fn: (store: Store) => T): T {
    const store: Store = new Map(this.storage.getStore() ?? [])
    return this.storage.run(store, () => fn(store))
  }

  bind<F>(fn: F): F {
    return fn
  }

  /** runs `fn` with `transaction` as the current one */
  withTransaction<T>(transaction: Transaction, fn: () => Promise<T>): Promise<T> {
    return this.storage.run(new Map([['transaction', transaction]]), fn)
  }

  current(): Transaction | undefined {
    return (this.get('transaction') as Transaction | null | undefined) ?? undefined
  }
}

const installed = new WeakMap<object, TransactionNamespace>()

/** Installs the namespace on the Sequelize class of `sequelizeModule` once per process. */
export function transactionNamespace(sequelizeModule: typeof import('sequelize') = require('sequelize') as typeof import('sequelize')): TransactionNamespace {
  const { Sequelize } = sequelizeModule
  let namespace = installed.get(Sequelize)
  if (!namespace) {
    namespace = new TransactionNamespace()
    Sequelize.useCLS(namespace as unknown as Parameters<typeof Sequelize.useCLS>[0])
    installed.set(Sequelize, namespace)
  }
  return namespace
}
