// The steps of `infra setup`, in the order they run, with the services each needs and where its desired state lives.
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Config } from '../core/config'
import type { ServiceKey } from '../doctor/probes'

export type SetupStepName = (typeof SETUP_STEPS)[number]

/** The order matters: the schema first, then the search indices, then the broker the relays and consumers use. */
export const SETUP_STEPS = ['migrate', 'index', 'queue'] as const

/** What each step talks to (the services `--wait` waits for when the step runs). */
export const STEP_SERVICES: Readonly<Record<SetupStepName, readonly ServiceKey[]>> = {
  migrate: ['mysql'],
  index: ['elasticsearch'],
  queue: ['rabbitmq', 'rabbitmq-management'],
}

/** The file or folder holding a step's desired state, relative to the root as configured. */
export function desiredStateOf(config: Config, step: SetupStepName): string {
  switch (step) {
    case 'migrate':
      return config.migrate.directory
    case 'index':
      return config.index.directory
    case 'queue':
      return config.queue.file
  }
}

/** Whether the project has a desired state for the step: a step without one is skipped, not an error. */
/** A folder with no visible file counts as absent. */
export function hasDesiredState(config: Config, step: SetupStepName): boolean {
  const target = path.resolve(config.root, desiredStateOf(config, step))
  if (!existsSync(target)) return false
  if (step === 'queue') return statSync(target).isFile()
  // a folder holding only dotfiles (the .gitkeep `infra init` lays down) defines nothing yet
  return statSync(target).isDirectory() && readdirSync(target).some((name) => !name.startsWith('.'))
}

/** --only and --skip: the steps to run, in their fixed order. */
export function selectSteps(options: { only?: readonly SetupStepName[]; skip?: readonly SetupStepName[] }): SetupStepName[] {
  return SETUP_STEPS.filter((step) => (!options.only || options.only.length === 0 || options.only.includes(step)) && !options.skip?.includes(step))
}
