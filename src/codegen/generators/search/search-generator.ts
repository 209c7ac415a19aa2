import { sharedMysqlArtifacts } from '../init-generator'
import { InvalidInputError } from '../../../core/errors'
import type { DomainModel, Entity, Port } from '../../model'
import { ImportCollector } from '../imports'
import { layout, stringLiteral } from '../layout'
import { EntityMapper, typeText, type EntityMapping } from '../mapping'
import { kebabCase, tableNameOf } from '../naming'
import { Needs } from '../needs'
import { knownDeclarations, signatureOf } from '../signature'
import type { Artifact, GenerateOptions, GenerationResult } from '../types'
import { emitMethod, type EmitContext } from './emit'
import { mappingLines, searchFields, type SearchField } from './fields'
import { planSearchMethod, type SearchMethodPlan } from './plan'

/** `ProductSearch` / `IProductSearchPort` -> `ElasticProductSearch` */
export function searchClassName(port: string): string {
  return `Elastic${port.replace(/^I(?=[A-Z])/, '').replace(/Port$/, '')}`
}

/** Where the files go, relative to the root. */
export function searchPaths(options: GenerateOptions, entity: string, className: string, alias: string) {
  const dir = `${options.infrastructureDir.replace(/\/+$/, '')}/persistence/elastic`
  const file = kebabCase(entity)
  return {
    client: `${dir}/client.ts`,
    document: `${dir}/documents/${file}.document.ts`,
    indexer: `${dir}/indexers/${file}.indexer.ts`,
    search: `${dir}/search/${kebabCase(className)}.ts`,
    definition: `${(options.indexDir ?? 'infra/elastic').replace(/\/+$/, '')}/${alias}.yaml`,
  }
}

/** Whether `file` has the shape of a file this generator writes (for the orphan report of --all). */
export function isSearchArtifactPath(file: string, options: GenerateOptions): boolean {
  const dir = `${options.infrastructureDir.replace(/\/+$/, '')}/persistence/elastic`
  return (
    file === `${dir}/client.ts` ||
    new RegExp(`^${escapeRegExp(dir)}/(documents/[\\w.-]+\\.document|indexers/[\\w.-]+\\.indexer|search/elastic-[\\w.-]+)\\.ts$`).test(file)
  )
}

/**
 * Per search port: a class implementing it over an Elasticsearch alias; per entity: the document mapper (the
 * repository's EntityMapper in its document form), an indexer and the index definition; once: the client factory.
 */
export function generateSearch(model: DomainModel, ports: readonly Port[], options: GenerateOptions): GenerationResult {
  const artifacts: Artifact[] = []
  const warnings: string[] = []
  const exported: GenerationResult['exports'] = []
  const blocking = model.diagnostics.filter((d) => d.severity === 'error' && ports.some((p) => p.name === d.port))
  if (blocking.length > 0)
    throw new InvalidInputError({
      code: 'UNSUPPORTED_DOMAIN_CONSTRUCT',
      message: blocking.map((d) => `${d.location.file}:${d.location.line}: ${d.message}`).join('\n'),
      hint: blocking[0]!.hint,
      details: { ports: [...new Set(blocking.map((d) => d.port!))], diagnostics: blocking },
    })
  const suffix = model.project.importSuffix
  const known = knownDeclarations(model)
  const entitiesDone = new Set<string>()
  if (ports.length > 0)
    artifacts.push({ path: searchPaths(options, 'x', 'x', 'x').client, template: 'persistence/elastic/client.ts.hbs', data: { header: header('--all') } })
  for (const port of ports) {
    const entity = port.entity ? model.entities[port.entity] : undefined
    if (!entity)
      throw new InvalidInputError({
        code: 'UNSUPPORTED_DOMAIN_CONSTRUCT',
        message: `${port.location.file}:${port.location.line}: ${port.name}: the entity it finds could not be determined`,
        hint: 'Return the entity from its methods (Promise<Product[]>), or let the port extend a generic base with it.',
      })
    const alias = tableNameOf(entity.name)
    const className = searchClassName(port.name)
    const paths = searchPaths(options, entity.name, className, alias)
    const errorsModule = sharedMysqlArtifacts(options.infrastructureDir, suffix).find((a) => a.path.endsWith('/persistence/mysql/errors.ts'))!
    const mapping = new EntityMapper(model, entity, 'entity', { target: 'document' }).map(alias)
    const fields = searchFields(model, mapping)
    const names = entityNames(entity)
    if (!entitiesDone.has(entity.name)) {
      entitiesDone.add(entity.name)
      const owner = header(firstPortOf(model, entity.name))
      artifacts.push(documentArtifact(paths, mapping, names, owner, suffix, alias))
      // an enum or literal union read back is checked by the shared `storedMember` (persistence/mysql/errors.ts)
      if (mapping.checksMembers && !artifacts.some((a) => a.path === errorsModule.path)) artifacts.push(errorsModule)
      artifacts.push(indexerArtifact(model, paths, mapping, names, owner, suffix, options.searchRefresh ?? false))
      artifacts.push(definitionArtifact(paths.definition, fields, entity, alias))
      exported.push({
        name: names.indexer,
        path: paths.indexer,
        kind: 'indexer',
        implements: entity.name,
        // the indexer implements no port: the composition root exposes it by its class (a projection handler calls it)
        portModule: null,
        constructorArguments: [{ connection: 'elasticsearch' }],
      })
    }

    const plans = port.methods.map((method) => planSearchMethod(method, { mapping, fields }))
    const needs = new Needs()
    const imports = new ImportCollector(paths.search, suffix)
    const page = port.methods.find((m) => m.returns.kind === 'page' && m.returns.construct === 'new-with-props')?.returns
    const ctx: EmitContext = {
      fromDocument: names.fromDocument,
      entity: entity.name,
      ...(page?.kind === 'page' && page.name ? { pageClass: page.name } : {}),
      uses: { escapeWildcard: false, likeToWildcard: false, option: false },
    }
    const methods = port.methods.map((method, index) => {
      const plan: SearchMethodPlan = plans[index]!
      const stub = plan.kind === 'stub'
      const signature = signatureOf(port.name, method, known, needs, stub ? '_' : '')
      if (stub) {
        warnings.push(
          `${method.location.file}:${method.location.line}: ${port.name}.${method.name} was generated to throw: ${plan.reason}. Rename it to a derivable query, or implement it in a subclass.`,
        )
        return {
          name: method.name,
          parameters: signature.parameters,
          returnType: signature.returnType,
          partial: 'persistence/elastic/stub',
          summary: `not generated: ${plan.reason}`,
          message: stringLiteral(`not implemented: ${plan.reason}`),
        }
      }
      const emitted = emitMethod(plan, signature.names, ctx)!
      if (
        plan.kind === 'find' &&
        plan.result.kind === 'page' &&
        plan.result.construct === 'new-with-props' &&
        method.returns.kind === 'page' &&
        method.returns.module &&
        method.returns.name
      )
        needs.value(method.returns.module, method.returns.name)
      return { name: method.name, parameters: signature.parameters, returnType: signature.returnType, summary: plan.summary, ...emitted }
    })
    if (ctx.uses.option) for (const name of ['Some', 'None']) needs.fromPackage('oxide.ts', name, false)
    imports.fromPackage('@elastic/elasticsearch', 'Client', true)
    imports.fromPackage('@elastic/elasticsearch', 'estypes', true)
    imports.fromModule(port.module, port.name, port.declarationKind !== 'abstract-class')
    imports.fromFile(paths.document, names.document, true)
    imports.fromFile(paths.document, names.fromDocument, false)
    imports.fromFile(paths.document, names.defaultIndex, false)
    needs.addTo(imports)
    artifacts.push({
      path: paths.search,
      template: 'persistence/elastic/search.ts.hbs',
      data: {
        header: header(port.name),
        imports: imports.lines(),
        className,
        port: port.name,
        heritage: port.declarationKind === 'abstract-class' ? 'extends' : 'implements',
        extendsPort: port.declarationKind === 'abstract-class',
        entity: entity.name,
        document: names.document,
        defaultIndex: names.defaultIndex,
        methods,
        escapeWildcard: ctx.uses.escapeWildcard || ctx.uses.likeToWildcard,
        likeToWildcard: ctx.uses.likeToWildcard,
      },
    })
    exported.push({
      name: className,
      path: paths.search,
      kind: 'search',
      implements: port.name,
      portModule: port.module,
      constructorArguments: [{ connection: 'elasticsearch' }],
    })
  }
  return { artifacts, exports: exported, warnings }
}

function entityNames(entity: Entity) {
  const upper = tableNameOf(entity.name).toUpperCase()
  return {
    document: `${entity.name}Document`,
    toDocument: `to${entity.name}Document`,
    fromDocument: `from${entity.name}Document`,
    indexer: `${entity.name}Indexer`,
    documentId: `${entity.name.charAt(0).toLowerCase()}${entity.name.slice(1)}DocumentId`,
    defaultIndex: `${upper}_INDEX`,
  }
}

/** the header names the port (the first one of the entity over the whole model for shared files), so the bytes never depend on the selection */
function header(portName: string): string {
  const command = portName === '--all' ? 'infra generate search' : `infra generate search ${portName}`
  return `// Generated by infra (${command}). Edit the template or regenerate: changes here are kept only if you stop regenerating this file.`
}

function firstPortOf(model: DomainModel, entity: string): string {
  return model.ports
    .filter((p) => p.entity === entity)
    .map((p) => p.name)
    .sort()[0]!
}

function documentArtifact(
  paths: ReturnType<typeof searchPaths>,
  mapping: EntityMapping,
  names: ReturnType<typeof entityNames>,
  header: string,
  suffix: '' | '.js',
  alias: string,
): Artifact {
  const imports = new ImportCollector(paths.document, suffix)
  imports.fromModule(mapping.entity.module!, mapping.entity.name, true)
  mapping.rowNeeds.addTo(imports)
  mapping.mapperNeeds.addTo(imports)
  if (mapping.checksMembers) imports.fromFile(`${paths.document.replace(/\/persistence\/elastic\/.*$/, '')}/persistence/mysql/errors.ts`, 'storedMember', false)
  if (mapping.rebuildsFromResults)
    imports.fromFile(`${paths.document.replace(/\/persistence\/elastic\/.*$/, '')}/persistence/mysql/errors.ts`, 'rebuildFailed', false)
  return {
    path: paths.document,
    template: 'persistence/elastic/document.ts.hbs',
    data: {
      header,
      imports: imports.lines(),
      entity: mapping.entity.name,
      alias,
      aliasLiteral: stringLiteral(alias),
      ...names,
      idField: mapping.id.column,
      fields: mapping.columns.map((c) => ({ name: c.column, type: c.allowNull ? `${c.rowType} | null` : c.rowType })),
      writes: mapping.columns.map((c) => layout(`${c.column}: ${c.write}`, 4)),
      prelude: mapping.fromRowPrelude.map((line) => layout(line, 2)),
      fromRow: layout(`return ${mapping.fromRow}`, 2),
    },
  }
}

function indexerArtifact(
  model: DomainModel,
  paths: ReturnType<typeof searchPaths>,
  mapping: EntityMapping,
  names: ReturnType<typeof entityNames>,
  header: string,
  suffix: '' | '.js',
  refresh: boolean | 'wait_for',
): Artifact {
  const imports = new ImportCollector(paths.indexer, suffix)
  const needs = new Needs()
  const idType = typeText(model, mapping.id.domainType, needs)
  imports.fromPackage('@elastic/elasticsearch', 'Client', true)
  imports.fromModule(mapping.entity.module!, mapping.entity.name, true)
  imports.fromFile(paths.document, names.toDocument, false)
  imports.fromFile(paths.document, names.defaultIndex, false)
  imports.fromFile(paths.document, names.documentId, false)
  needs.addTo(imports)
  return {
    path: paths.indexer,
    template: 'persistence/elastic/indexer.ts.hbs',
    data: {
      header,
      imports: imports.lines(),
      entity: mapping.entity.name,
      ...names,
      idType,
      idField: mapping.id.column,
      storedId: mapping.id.storeParameter('id'),
      refresh: typeof refresh === 'string' ? stringLiteral(refresh) : String(refresh),
    },
  }
}

function definitionArtifact(file: string, fields: readonly SearchField[], entity: Entity, alias: string): Artifact {
  return {
    path: file,
    template: 'persistence/elastic/index.yaml.hbs',
    data: {
      alias,
      entity: entity.name,
      entityFile: entity.location.file,
      properties: mappingLines(
        fields.map((f) => f.field),
        2,
      ).map((l) => l.text),
    },
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
