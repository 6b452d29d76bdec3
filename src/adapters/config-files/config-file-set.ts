import { readFileSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, resolve } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { shown, type ConfigProblem, type IntegrationDeclarationPart } from '../../application/config-sync/config-declarations';
import { ConfigFilesError } from '../../application/config-sync/config-sync.errors';
import { type RouteTable, type RouteTableOptions } from '../../application/guard/route-table';
import { type AclResourceSource } from '../../domain/acl/acl-resource-tree';
import { readJsonAclTree } from './json-acl.reader';
import { readJsonIntegrations } from './json-integrations.reader';
import { readMagentoAclXml } from './magento-acl-xml.reader';
import { readMagentoIntegrationXmlElement } from './magento-integration-xml.reader';
import { readMagentoIntegrationApiXmlElement, readMagentoIntegrationConfigXmlElement } from './magento-legacy-integration.reader';
import { readLocatedRoutes, routeTableFrom } from './magento-webapi-xml.reader';
import { collectProblems, type ConfigFileReader } from './source-text';
import { parseXmlDocument } from './xml-document';

/* Sets of configuration files named by paths and globs, read all at once: every problem of every
   file is reported together, so one run shows everything to fix. */

export interface ExpandedFiles {
  /** Absolute paths of the files, each pattern's matches sorted, in pattern order, without repeats. */
  readonly files: string[];
  /** Literal paths that name nothing, and globs that match no file. */
  readonly problems: ConfigProblem[];
}

/**
 * Expands paths and globs (relative ones against `cwd`) to files. A literal path that does not
 * exist is a problem; an existing one is kept whatever it is, so that reading it says what is wrong.
 * A glob that matches no file is a problem too: a typo, a checkout in the wrong place, or a file
 * caught between delete and create would otherwise read as "nothing declared", and a sync would
 * retire every integration the missing files declare.
 */
export function expandFilePatterns(patterns: readonly string[], cwd: string): ExpandedFiles {
  const files: string[] = [];
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
  };
  for (const pattern of patterns) {
    if (isDynamicPattern(pattern)) {
      const matches = globSync(pattern, { cwd, absolute: true, onlyFiles: true, expandDirectories: false }).map((file) => resolve(file));
      if (matches.length === 0) problems.push({ location: { file: pattern }, message: `matches no file${relativeTo(pattern, cwd)}` });
      matches.sort().forEach(add);
    } else {
      const file = resolve(cwd, pattern);
      if (exists(file)) add(file);
      else problems.push({ location: { file: pattern }, message: `no such file${relativeTo(pattern, cwd)}` });
    }
  }
  return { files, problems };
}

function relativeTo(pattern: string, cwd: string): string {
  return isAbsolute(pattern) ? '' : ` (relative to ${cwd})`;
}

/**
 * The ACL resource sources of the files the patterns name: `.json` files as JSON trees, any other
 * as Magento acl.xml. Each source is named by the file's absolute path.
 * @throws ConfigFilesError listing the problems of all files (missing, matching nothing, unreadable,
 *   empty, wrong)
 */
export function loadAclSources(patterns: readonly string[], cwd: string): { sources: AclResourceSource[]; files: string[] } {
  const { values, files } = loadFileSet(patterns, cwd, (text, file) => [isJson(file) ? readJsonAclTree(text, file) : readMagentoAclXml(text, file)]);
  return { sources: values, files };
}

/** The root elements of the integration XML formats, and which reader each means. */
const INTEGRATION_ROOTS = ['config', 'integrations'];

/**
 * The integration declarations of the files the patterns name: `.json` files as JSON; `.xml` files
 * by their root element, `<config>` as integration.xml and `<integrations>` as the legacy api.xml
 * (a file named api.xml) or config.xml (any other name).
 * @throws ConfigFilesError listing the problems of all files (missing, matching nothing,
 *   unreadable, empty, of another type, wrong)
 */
export function loadIntegrationDeclarations(patterns: readonly string[], cwd: string): { parts: IntegrationDeclarationPart[]; files: string[] } {
  const { values, files } = loadFileSet(patterns, cwd, (text, file) => {
    if (isJson(file)) return readJsonIntegrations(text, file);
    if (extname(file).toLowerCase() !== '.xml') {
      throw new ConfigFilesError([{ location: { file }, message: 'not an integration file; expected a .json or .xml file' }]);
    }
    const root = parseXmlDocument(text, file);
    if (root.name === 'config') return readMagentoIntegrationXmlElement(root);
    if (root.name === 'integrations') {
      return basename(file).toLowerCase() === 'api.xml' ? readMagentoIntegrationApiXmlElement(root) : readMagentoIntegrationConfigXmlElement(root);
    }
    throw new ConfigFilesError([
      {
        location: root.location,
        message: `the root element is <${shown(root.name)}>; expected ${INTEGRATION_ROOTS.map((name) => `<${name}>`).join(' or ')} (integration.xml, or the legacy config.xml and api.xml)`,
      },
    ]);
  });
  return { parts: values, files };
}

/**
 * The route table of the Magento webapi.xml files the patterns name, merged as Magento merges all
 * modules' files (see loadMagentoWebapiRouteTable).
 * @throws ConfigFilesError listing the problems of all files (missing, matching nothing,
 *   unreadable, empty, wrong), then every route a file declares with other access than an earlier one
 * @throws InvalidRouteDeclarationError for an invalid `options.prefix`
 */
export function loadWebapiRouteTable(patterns: readonly string[], cwd: string, options: RouteTableOptions = {}): { table: RouteTable; files: string[] } {
  const { values, files, problems } = readFileSet(patterns, cwd, readLocatedRoutes);
  return { table: routeTableFrom(values, problems, options), files };
}

/**
 * The one shape of every loader: the files the patterns name, each read with `read` (given its
 * text and absolute path, throwing ConfigFilesError for what is wrong in it).
 * @throws ConfigFilesError listing the problems of all files
 */
function loadFileSet<T>(patterns: readonly string[], cwd: string, read: ConfigFileReader<readonly T[]>): { values: T[]; files: string[] } {
  const { values, files, problems } = readFileSet(patterns, cwd, read);
  if (problems.length > 0) throw new ConfigFilesError(problems);
  return { values, files };
}

/**
 * `loadFileSet` that returns the problems, for a loader that checks the files against each other
 * before reporting. An empty file (nothing but blanks) is refused before `read` sees it: it is what
 * a file being written over looks like (truncated, not yet written), never a declaration.
 */
function readFileSet<T>(
  patterns: readonly string[],
  cwd: string,
  read: ConfigFileReader<readonly T[]>,
): { values: T[]; files: string[]; problems: ConfigProblem[] } {
  const { files, problems } = expandFilePatterns(patterns, cwd);
  const values: T[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      problems.push({ location: { file }, message: `cannot be read (${code})` });
      continue;
    }
    if (text.replace(/^\uFEFF/, '').trim() === '') {
      problems.push({
        location: { file },
        message: `the file is empty (${text.length === 0 ? '0 bytes' : 'blanks only'}): caught while it was being written? Try again once it is complete`,
      });
      continue;
    }
    values.push(...(collectProblems(problems, () => read(text, file)) ?? []));
  }
  return { values, files, problems };
}

/** False only when nothing is there; a path that cannot be examined is left for reading to report. */
function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch (error) {
    return !['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
  }
}

function isJson(file: string): boolean {
  return extname(file).toLowerCase() === '.json';
}
